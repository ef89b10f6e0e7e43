from canonym.cli import main

raise SystemExit(main())
