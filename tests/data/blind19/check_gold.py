"""Independent sanity check of the blind19 gold (standard library only; does not use the toolkit):
blind5's checker (tests/data/blind5/check_gold.py, whose docstring lists the checks) run on this
folder. Run: python3 tests/data/blind19/check_gold.py
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKER = HERE.parent / "blind5" / "check_gold.py"
sys.exit(subprocess.call([sys.executable, str(CHECKER), str(HERE)]))
