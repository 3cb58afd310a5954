"""Articles made the way production makes them, then indexed.

news.actions will call sync_article() inside every publishing action; until it does, these
helpers call it after the action, which is what the action's transaction will do.
"""

import pytest

from warta.search.index import sync_article
from warta.test import make_article


@pytest.fixture
def article(db):
    def make(*args, **kwargs):
        made = make_article(*args, **kwargs)
        sync_article(made)
        return made

    return make
