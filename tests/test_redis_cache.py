"""With WARTA_REDIS_URL, several app servers share one cache: a publish anywhere refreshes every page."""

import pytest
from django.core.cache import caches

from warta.news import actions, freshness
from warta.test import make_article

pytestmark = pytest.mark.django_db

REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
    }
}


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = REDIS
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_the_change_keys_live_in_redis(redis_cache):
    import redis

    before = freshness.current()
    freshness.bump()
    after = freshness.current()
    assert before != after
    raw = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    assert any(b"warta:changed:all" in key for key in raw.keys())


def test_a_publish_refreshes_cached_pages_through_redis(
    client, redis_cache, django_capture_on_commit_callbacks
):
    first = make_article("Berita pertama di Redis")
    assert "Berita pertama di Redis" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        second = make_article("Berita kedua di Redis")
    assert "Berita kedua di Redis" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        actions.unpublish_article(second, by=None, reason="uji")
    assert "Berita kedua di Redis" not in client.get("/").content.decode()
    assert first.headline in client.get("/").content.decode()


def test_login_throttling_is_shared_through_redis(client, redis_cache):
    from warta.desk import throttle

    for number in range(50):
        throttle.record_failure("editor", f"10.0.0.{number}")
    assert throttle.is_blocked("editor", "10.0.1.1")
