"""A Wagtail news site on the same articles as Warta: a peer of bench/render_peers.py.

Made as a Wagtail developer makes one from `wagtail start`: a home page, a page per section,
article pages with a rich-text body, a hero image from Wagtail's image library with caption and
credit, writers and an editor as snippets, tags through taggit, and "Berita Terkait" from the
section's newest. It runs in its own virtual environment (var/wagtail-venv, made by
render_peers.py), since Wagtail brings its own versions of Django's neighbours. Not part of
Warta.
"""
