import subprocess
import sys


def test_domain_imports_neither_qt_nor_the_network_stack():
    code = (
        "import sys, pictory_desktop.domain.checks, pictory_desktop.domain.credits, "
        "pictory_desktop.domain.project_format, pictory_desktop.domain.body, pictory_desktop.domain.draft_plan\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'requests', 'urllib3', 'keyring'})\n"
        "print(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
