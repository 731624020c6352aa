"""City names inside Chinese and Japanese text: a name inside a longer word is no city.

The strings are from dev-set articles (ids beside them), shortened."""
import pytest

from babelwire.facts.cities import find_cjk_cities
from babelwire.similarity.cities import city_names, find_cities


def cities(text: str) -> list[str]:
    return [name for _s, _e, _key, name in find_cjk_cities(text)]


@pytest.mark.parametrize("text", [
    "位于北卡罗来纳州布拉格堡的陆军第 82 空降师",  # Fort Bragg, not Prague (1483926392zh)
    "据彭博社报道，汉堡王的母公司 Restaurant Brands",  # Burger King, not Hamburg (1580450051zh)
    "失去了首发右后卫布兰登布鲁克斯，而近端锋",  # Brandon Brooks, a player (1484005594zh)
    "公共事务官员吉尔伯特·阿恰尔多（Gilbert Acciardo）",  # a person (1500251038zh)
    "使内华达州的高等法院成为",  # Nevada, not Dazhou (1484007634zh)
    "马里兰州的小马蒂亚斯",  # Maryland, not Lanzhou (1484189309zh)
    "在洪都拉斯地区搜捕之后",  # Honduras, not Durrës (1484007634zh)
    "加 42 个州和哥伦比亚特区十年来",  # District of Columbia (1484138163zh)
    "为 2.5%。哥伦比亚一家咖啡馆的老板",  # Colombia the country, not Columbia, US (1484761158zh)
    "蒙哥马利县警方说，珠宝店",  # Montgomery County, not the city (1484013199zh)
    "ニューヨーク・タイムズによると",  # the newspaper
])
def test_a_name_inside_a_longer_word_is_no_city(text):
    assert cities(text) == []


@pytest.mark.parametrize("text, want", [
    ("北京市政府周三宣布", ["Beijing"]),
    ("上海的新年", ["Shanghai"]),
    ("北京市民和东京都政府", ["Beijing", "Tokyo"]),
    ("在巴格达，抗议者", ["Baghdad"]),
    ("六氟化铀气体送入德黑兰以南的地下", ["Tehran"]),
    ("悉尼和墨尔本市都迎来新年", ["Sydney", "Melbourne"]),
    ("20 岁的男子在德里南部的大凯拉什", ["Delhi"]),
    ("连串快餐抢劫案 底特律——警方表示", ["Detroit"]),
    ("北京で会談した", ["Beijing"]),
    ("ロンドンで", ["London"]),
])
def test_real_cities_stay_found(text, want):
    assert cities(text) == want


def test_fort_bragg_is_no_lead_city():
    lead = ("美国向中东增派 750 名士兵 华盛顿 — 位于北卡罗来纳州布拉格堡的陆军第 82 空降师的部队"
            "将被部署到中东地区。")
    assert "Prague" not in city_names(find_cities(lead))
