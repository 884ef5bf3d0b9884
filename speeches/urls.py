app_name = "speeches"
urlpatterns = []
