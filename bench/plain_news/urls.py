from django.urls import path

from . import views

urlpatterns = [
    path("", views.home),
    path("<str:section_slug>/<int:pk>/<str:slug>/", views.article),
]
