from django.urls import include, path

from rightdesk.api.main import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("rightdesk.web.urls")),
]
