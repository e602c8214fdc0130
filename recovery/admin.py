from django.contrib import admin

from recovery.models import (
    HabitCheckIn,
    ImprovementAction,
    Journey,
    JourneyStep,
    Lesson,
    MoodCheckIn,
    StayConnected,
    WeeklyPlan,
    WhatIf,
    Win,
)


class JourneyStepInline(admin.TabularInline):
    model = JourneyStep
    extra = 0
    fields = ["step", "state", "skip_reason", "done_at"]
    readonly_fields = ["step"]
    can_delete = False


class ImprovementActionInline(admin.TabularInline):
    model = ImprovementAction
    extra = 0


class LessonInline(admin.TabularInline):
    model = Lesson
    extra = 0


class WhatIfInline(admin.TabularInline):
    model = WhatIf
    extra = 0


class StayConnectedInline(admin.TabularInline):
    model = StayConnected
    extra = 0
    raw_id_fields = ["contact"]


@admin.register(Journey)
class JourneyAdmin(admin.ModelAdmin):
    list_display = ["application", "user", "ending", "started_at", "touched_at", "finished_at"]
    list_filter = ["ending", ("finished_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "application__role_title", "application__company__name"]
    list_select_related = ["application__company", "user"]
    raw_id_fields = ["user", "application", "ask_contact"]
    date_hierarchy = "started_at"
    inlines = [JourneyStepInline, ImprovementActionInline, LessonInline, WhatIfInline, StayConnectedInline]


@admin.register(MoodCheckIn)
class MoodCheckInAdmin(admin.ModelAdmin):
    list_display = ["user", "mood", "created_at", "journey"]
    list_filter = ["mood"]
    search_fields = ["user__email"]
    raw_id_fields = ["user", "journey"]
    date_hierarchy = "created_at"


@admin.register(Win)
class WinAdmin(admin.ModelAdmin):
    list_display = ["text", "user", "happened_on"]
    search_fields = ["user__email", "text"]
    raw_id_fields = ["user", "journey"]


@admin.register(WeeklyPlan)
class WeeklyPlanAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "week_start",
        "applications_target",
        "conversations_target",
        "conversations_done",
        "practice_target",
        "practice_done",
    ]
    search_fields = ["user__email"]
    raw_id_fields = ["user", "contacts"]


@admin.register(HabitCheckIn)
class HabitCheckInAdmin(admin.ModelAdmin):
    list_display = ["user", "day", "active", "ate_well", "slept_well", "rest_day"]
    list_filter = ["rest_day"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    date_hierarchy = "day"
