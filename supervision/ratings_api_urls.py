"""/api/v1/ routes of ratings and spot checks (included by socorg.urls)."""

from django.urls import path

from . import ratings_api as api

urlpatterns = [
    path("ratings/eligibility/<str:code>/", api.EligibilityView.as_view(), name="api-rating-eligibility"),
    path("ratings/applications/", api.ApplicationList.as_view(), name="api-rating-applications"),
    path("ratings/applications/<int:pk>/", api.ApplicationDetail.as_view(), name="api-rating-application"),
    path("ratings/applications/<int:pk>/scores/", api.ApplicationScores.as_view(), name="api-rating-scores"),
    path("ratings/applications/<int:pk>/decision/", api.ApplicationDecision.as_view(), name="api-rating-decision"),
    path("ratings/applications/<int:pk>/objections/", api.ApplicationObjections.as_view(),
         name="api-rating-objections"),
    path("ratings/applications/<int:pk>/confer/", api.ApplicationConfer.as_view(), name="api-rating-confer"),
    path("ratings/objections/<int:pk>/answer/", api.ObjectionAnswer.as_view(), name="api-rating-objection-answer"),
    path("ratings/score-sheets/", api.SheetList.as_view(), name="api-score-sheets"),
    path("ratings/score-sheets/<int:pk>/", api.SheetDetail.as_view(), name="api-score-sheet"),
    path("grades/", api.GradeList.as_view(), name="api-grades"),
    path("grades/publicity/", api.PublicityList.as_view(), name="api-grades-publicity"),
    path("grades/<int:pk>/", api.GradeDetail.as_view(), name="api-grade"),
    path("grades/<int:pk>/actions/", api.GradeActions.as_view(), name="api-grade-actions"),
    path("indicators/grade-share/", api.GradeShareView.as_view(), name="api-grade-share"),
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
