"""Articles made the way the other tests make them, then indexed.

make_article publishes through news.actions, which indexes in the action's transaction; other
statuses it sets directly on the row, so the fixture indexes each article once more (syncing
twice changes nothing).
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
