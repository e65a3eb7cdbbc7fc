from partner_tui.cli import main

raise SystemExit(main())
