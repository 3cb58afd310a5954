"""A plain Django news app on Warta's tables: the baseline of bench/render_peers.py.

What a competent Django developer writes for a news site in an afternoon: unmanaged models on
the same tables, select_related and prefetch_related, template inheritance, no caching. It
shows the same parts of the article page as Warta (section menu, breadcrumb, headline, byline,
hero photo with caption and credit, body, tags, six related articles) and a home page of the
newest headlines and a block per section. Not part of Warta.
"""
