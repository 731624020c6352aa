from babelwire import dedup


def test_content_hash_ignores_whitespace_only():
    assert dedup.content_hash("T", "a  b\n c") == dedup.content_hash("T", "a b c")
    assert dedup.content_hash("T", "a b c") != dedup.content_hash("T2", "a b c")


def test_minhash_similarity_orders_texts():
    a = "Amazon ba fredag sine rundt 500.000 ansatte om å slette Tiktok-appen fra mobilen. " * 4
    b = a.replace("fredag", "torsdag")
    c = "地震造成至少十二人死亡，救援工作仍在进行。" * 4
    d = "地震造成至少十五人死亡，救援工作仍在进行。" * 4
    sa, sb, sc, sd = map(dedup.minhash, (a, b, c, d))
    assert dedup.similarity(sa, sb) > 0.8
    assert dedup.similarity(sa, sc) < 0.1
    # character shingles work for scripts without spaces
    assert dedup.similarity(sc, sd) > 0.5
    assert len(dedup.bands(sa)) == dedup.BANDS
    assert sum(x == y for x, y in zip(dedup.bands(sa), dedup.bands(sb))) >= 1


def test_signature_roundtrip_is_stable():
    s = dedup.minhash("The same text always gives the same signature.")
    assert (dedup.from_bytes(dedup.to_bytes(s)) == s).all()
    assert (dedup.minhash("The same text always gives the same signature.") == s).all()
