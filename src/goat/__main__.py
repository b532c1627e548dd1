import sys

from goat.cli import main

sys.exit(main())
