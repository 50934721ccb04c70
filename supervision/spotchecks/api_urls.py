"""/api/v1/ routes of spot checks (included by socorg.urls from the supervision declaration)."""

from django.urls import path

from . import api

urlpatterns = [
    path("spot-checks/inspectors/", api.InspectorList.as_view(), name="api-spot-inspectors"),
    path("spot-checks/inspectors/<int:pk>/", api.InspectorDetail.as_view(), name="api-spot-inspector"),
    path("spot-checks/inspectors/<int:pk>/conflicts/", api.InspectorConflicts.as_view(),
         name="api-spot-inspector-conflicts"),
    path("spot-checks/plans/", api.PlanList.as_view(), name="api-spot-plans"),
    path("spot-checks/plans/<int:pk>/", api.PlanDetail.as_view(), name="api-spot-plan"),
    path("spot-checks/plans/<int:pk>/draw/", api.PlanDraw.as_view(), name="api-spot-plan-draw"),
    path("spot-checks/draws/<int:pk>/", api.DrawDetail.as_view(), name="api-spot-draw"),
    path("spot-checks/draws/<int:pk>/candidates/", api.DrawCandidates.as_view(), name="api-spot-draw-candidates"),
    path("spot-checks/draws/<int:pk>/verify/", api.DrawVerify.as_view(), name="api-spot-draw-verify"),
    path("spot-checks/draws/<int:pk>/publish/", api.DrawPublish.as_view(), name="api-spot-draw-publish"),
    path("spot-checks/targets/<int:pk>/", api.TargetDetail.as_view(), name="api-spot-target"),
    path("spot-checks/targets/<int:pk>/inspectors/", api.TargetInspectors.as_view(), name="api-spot-target-inspectors"),
    path("spot-checks/targets/<int:pk>/findings/", api.TargetFindings.as_view(), name="api-spot-target-findings"),
    path("spot-checks/findings/<int:pk>/rectifications/", api.FindingRectifications.as_view(),
         name="api-spot-finding-rectifications"),
    path("spot-checks/rectifications/<int:pk>/complete/", api.RectificationComplete.as_view(),
         name="api-spot-rectification-complete"),
    path("spot-checks/results/", api.PublicResults.as_view(), name="api-spot-results"),
]
