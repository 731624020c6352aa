"""`brief --all` / Workspace.warm_briefs: every story's brief built once, ahead of readers."""
from __future__ import annotations

import json

import babelwire
from babelwire.brief import members_hash


def test_warm_builds_missing_briefs_once_and_reports_failures(tmp_path, seeds_dir, run_cli):
    db = str(tmp_path / "w.db")
    with babelwire.open(db) as bw:
        bw.ingest([str(seeds_dir)])
        [story] = bw.stories()
        first = bw.warm_briefs()
        assert first == {"stories": 1, "built": 1, "fresh": 0, "failed": []}
        arts = bw.articles(story=story["id"], limit=None)
        cached = bw.store.briefs().get(story["id"], "en", members_hash(arts, "en"))
        assert cached is not None and cached["story_id"] == story["id"]
        assert bw.warm_briefs()["fresh"] == 1

    r = run_cli("brief", "--all", "--db", db, "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"stories": 1, "built": 0, "fresh": 1, "failed": []}
    bad = run_cli("brief", "--all", "s-123", "--db", db)
    assert bad.returncode == 2 and b"--all" in bad.stderr
