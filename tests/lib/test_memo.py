from warta.lib.memo import BoundedMemo


def test_a_full_memo_forgets_everything_before_it_takes_a_new_key():
    memo: BoundedMemo[str, int] = BoundedMemo(3)
    for number, key in enumerate("abc"):
        assert memo.remember(key, number) == number
    memo.remember("a", 10)  # an update: nothing forgotten
    assert memo == {"a": 10, "b": 1, "c": 2}

    memo.remember("d", 3)
    assert memo == {"d": 3}
    assert len(memo) <= memo.limit
