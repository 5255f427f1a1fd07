"""The teacher's workflow in docs/exercises.md, run command by command.

Every `cajal ...` command in the doc's teacher sections ("For teachers", "Verifying an exercise
before release", "A teacher's workflow") is taken from the Markdown itself and run, in that
order, in a scratch folder holding a copy of the leaky-relu exercise and the files the commands
name (submissions/, answer.cajal, roster.csv and two known wrong answers). `EX` becomes
`leaky-relu`. A synopsis line (one with `[`) is not a command. The two release scripts need root
and the network to Ubuntu's archive, so they are the only commands not run here; the test
checks that they exist and parse. Then the files the doc promises are checked: the learner's
and the grader's copies, the autograder zip, the JUnit reports, the roster's gradebook.
"""
import csv
import os
import pathlib
import re
import shutil
import subprocess
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CAJAL = os.environ.get("CAJAL_BIN", str(ROOT / ".build" / "release" / "cajal"))
DOC = ROOT / "docs" / "exercises.md"
EXERCISE = ROOT / "lessons" / "00-examples" / "exercises" / "leaky-relu"
SECTIONS = ("## For teachers", "### Verifying an exercise before release", "## A teacher's workflow")
NOT_RUN = ("scripts/release.sh", "sudo scripts/test-release.sh")

FORGOT_SLOPE = "fn leaky_relu(x, slope: 0.01) = where(x > 0, x, 0)\nfn leaky_relu_grad(x, slope: 0.01) = step(x)\n"
ZERO = "fn leaky_relu(x, slope: 0.01) = x * 0\nfn leaky_relu_grad(x, slope: 0.01) = x * 0\n"


def section_text(markdown, heading):
    """The text under `heading` up to the next heading of the same or a higher level (lines
    inside fenced blocks, such as `# %% check:` markers, are not headings)."""
    level = len(heading.split(" ")[0])
    lines = markdown.splitlines()
    out, fenced = [], False
    for line in lines[lines.index(heading) + 1:]:
        if line.startswith("```"):
            fenced = not fenced
        m = re.match(r"^(#+) ", line)
        if m and not fenced and len(m.group(1)) <= level:
            break
        out.append(line)
    return "\n".join(out)


def commands(markdown):
    """The shell commands of the fenced blocks in the teacher sections, continuation lines
    joined and trailing comments dropped, in the doc's order."""
    found = []
    for heading in SECTIONS:
        text = section_text(markdown, heading)
        for block in re.findall(r"^```(?:sh|text)\n(.*?)^```", text, re.S | re.M):
            joined = re.sub(r"\\\n\s*", "", block)
            for line in joined.splitlines():
                line = re.sub(r"\s+#.*$", "", line).strip()
                if line.startswith(("cajal ",) + NOT_RUN) and "[" not in line:
                    found.append(line)
    return found


@pytest.fixture(scope="module")
def doc_commands():
    return commands(DOC.read_text(encoding="utf-8"))


def test_the_doc_gives_the_whole_workflow(doc_commands):
    words = [" ".join(c.split()[:2]) for c in doc_commands]
    for step in ("cajal verify", "cajal assign", "cajal package", "cajal grade"):
        assert step in words, f"docs/exercises.md has no `{step}` command: {doc_commands}"
    assert any("--roster" in c for c in doc_commands)
    assert any("--format junit" in c for c in doc_commands)
    assert any("--visible-only" in c for c in doc_commands)
    assert [c.split()[0] if c.split()[0] != "sudo" else c.split()[1] for c in doc_commands
            if c.startswith(NOT_RUN)] == ["scripts/release.sh", "scripts/test-release.sh"]


def test_every_command_of_the_teachers_workflow_runs(doc_commands, tmp_path):
    ex = tmp_path / "lessons" / "00-examples" / "exercises" / "leaky-relu"
    shutil.copytree(EXERCISE, ex)
    solution = (EXERCISE / "solution.cajal").read_text(encoding="utf-8")
    (tmp_path / "submissions" / "bob").mkdir(parents=True)
    (tmp_path / "submissions" / "alice.cajal").write_text(solution, encoding="utf-8")
    (tmp_path / "submissions" / "bob" / "answer.cajal").write_text(FORGOT_SLOPE, encoding="utf-8")
    (tmp_path / "answer.cajal").write_text(solution, encoding="utf-8")
    (tmp_path / "forgot-slope.cajal").write_text(FORGOT_SLOPE, encoding="utf-8")
    (tmp_path / "zero.cajal").write_text(ZERO, encoding="utf-8")
    roster = re.search(r"^```text\n(Name,SID,Email,Role\n.*?)^```", DOC.read_text(encoding="utf-8"), re.S | re.M)
    assert roster, "docs/exercises.md shows no roster.csv"
    (tmp_path / "roster.csv").write_text(roster.group(1), encoding="utf-8")

    ran = []
    for command in doc_commands:
        if command.startswith(NOT_RUN):
            continue
        args = command.replace("EX", "leaky-relu").split()
        assert args[0] == "cajal"
        run = subprocess.run([CAJAL] + args[1:], cwd=tmp_path, capture_output=True, text=True,
                             timeout=300, env={**os.environ, "NO_COLOR": "1"})
        assert run.returncode == 0, f"`{command}` exited {run.returncode}:\n{run.stdout}\n{run.stderr}"
        ran.append(command)
    assert len(ran) >= 8, ran

    # What the doc says the commands leave behind.
    student = tmp_path / "handout" / "student" / "leaky-relu"
    assert (student / "starter.cajal").exists() and not (student / "solution.cajal").exists()
    learner_checks = (student / "checks.cajal").read_text(encoding="utf-8")
    assert "| hidden" not in learner_checks and "finite differences" not in learner_checks
    assert (tmp_path / "handout" / "autograder" / "leaky-relu" / "solution.cajal").exists()
    names = zipfile.ZipFile(tmp_path / "autograder.zip").namelist()
    for part in ("setup.sh", "run_autograder", "cajal", "RUNTIME-LIBRARIES", "exercise/leaky-relu/checks.cajal"):
        assert part in names, names
    assert (tmp_path / "reports" / "alice.xml").exists() and (tmp_path / "reports" / "bob.xml").exists()
    assert 'name="bob"' in (tmp_path / "reports" / "bob.xml").read_text(encoding="utf-8")
    report = (tmp_path / "report.xml").read_text(encoding="utf-8")
    assert "finite differences" not in report and "default slope" not in report, "a hidden check reached the report"
    rows = {r["student"]: r for r in csv.DictReader(open(tmp_path / "marks" / "summary.csv", encoding="utf-8"))}
    assert set(rows) == {"alice", "bob", "carol"}, rows
    assert rows["alice"]["status"] == "ok" and rows["alice"]["score"] == rows["alice"]["max_score"] == "8"
    assert rows["bob"]["id"] == "1002" and rows["bob"]["email"] == "bob@example.edu"
    assert rows["bob"]["score"] == "2", rows["bob"]
    assert rows["carol"]["status"] == "missing" and rows["carol"]["score"] == "0"
    # The gradebook the doc shows is the one this roster and these submissions give.
    shown = re.search(r"^```text\n(student,id,email,submission,score,max_score,passed,failed,status\n[^`]+?)^```", DOC.read_text(encoding="utf-8"), re.S | re.M)
    assert shown and shown.group(1).strip().splitlines()[1:] == \
        (tmp_path / "marks" / "summary.csv").read_text(encoding="utf-8").strip().splitlines()[1:]


def test_the_release_scripts_the_doc_names_exist_and_parse():
    for script in ("scripts/release.sh", "scripts/test-release.sh"):
        path = ROOT / script
        assert path.exists() and os.access(path, os.X_OK), script
        subprocess.run(["bash", "-n", str(path)], check=True)
