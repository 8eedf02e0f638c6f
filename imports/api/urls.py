from django.urls import path

from . import views

urlpatterns = [
    path("start-import-all-shops/", views.StartAllShopsImportView.as_view(), name="start-import-all-shops"),
    path("start-import-shop/<int:shop_id>/", views.StartShopImportView.as_view(), name="start-import-shop"),
    path("import-status/<str:task_id>/", views.ImportStatusView.as_view(), name="import-status"),
    path("imports/", views.ImportRunListView.as_view(), name="import-list"),
    path("imports/<int:pk>/", views.ImportRunDetailView.as_view(), name="import-detail"),
    path("imports/<int:pk>/apply/", views.ApplyImportView.as_view(), name="import-apply"),
    path("imports/<int:pk>/rollback/", views.RollbackImportView.as_view(), name="import-rollback"),
    path("imports/<int:pk>/fail/", views.FailStalledImportView.as_view(), name="import-fail"),
    path("imports/<int:pk>/resume/", views.ResumeImportView.as_view(), name="import-resume"),
    path("imports/<int:pk>/discard/", views.DiscardImportView.as_view(), name="import-discard"),
    path("partner/update/", views.SupplierPriceListUploadView.as_view(), name="partner-update"),
]
