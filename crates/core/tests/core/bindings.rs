//! The UI's TypeScript types are generated from the Rust DTOs by ts-rs and committed in
//! `ui/src/lib/bindings/`. This test fails when they are out of date; run
//! `cargo xtask bindings` (which sets FAILUP_UPDATE_BINDINGS=1 for it) to regenerate them.

use std::path::{Path, PathBuf};

use failup_core::transfer::{
    ImportCount, ImportFormat, ImportOptions, ImportPreview, ImportReport, MoodMapping, SkippedItem,
};
use failup_core::{
    AnswerDraft, AppError, AppInfo, AppSettings, Area, AreaChart, AreaCount, BounceBackChart, BounceCurve, BrsChart,
    BrsPoint, BrsResult, BrsStatus, CalendarChart, CheckIn, CheckInDraft, Control, Conversation, ConversationDraft,
    DailyCheckIn, DayCount, DueRevisit, Entry, EntryDraft, EntryPage, EntrySummary, ErrorCode, Feeling, FeelingShift,
    FunnelChart, Goal, GoalDraft, GoalKind, GoalStatus, GoalSummary, Lesson, LessonDraft, LessonRevision, LessonStatus,
    LessonSummary, LessonWording, Metrics, MoodChart, Person, PersonDraft, Prompt, PromptKind, QuarterMedian,
    RecoveryChart, RecoveryCheckIn, RecoveryPoint, Reflection, ReflectionAnswer, Revisit, RevisitAnswer, RoadmapArea,
    SearchHit, SearchKind, SearchQuery, Setback, SetbackDraft, SetbackMarker, SetbackPage, SetbackSummary, Stage,
    StatusAfterAnswers, SupportKind, SupportRole, Template, TemplateDraft, Today, TrendRange, TrendsReport,
};
use failup_core::{BackupInfo, BackupReason, JournalState, JournalStatus, SecurityStatus};
use failup_core::{
    CatchUp, MissedReminder, PauseLength, QuietHours, Reminder, ReminderKind, ReminderSettings, ReminderStatus,
    Weekday, WeeklyReview,
};
use ts_rs::TS;

fn bindings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings")
}

/// Every type the UI receives or sends, with its generated file's contents.
fn generated() -> Vec<(String, String)> {
    let config = ts_rs::Config::default();
    let mut files = Vec::new();
    macro_rules! add {
        ($($type:ty),*) => {$(
            files.push((format!("{}.ts", <$type as TS>::name(&config)), <$type as TS>::export_to_string(&config).unwrap()));
        )*};
    }
    add!(AppError, AppInfo, Entry, EntryDraft, EntryPage, EntrySummary, ErrorCode);
    add!(AppSettings, Area, Control, Feeling, Setback, SetbackDraft, SetbackPage, SetbackSummary, Stage);
    add!(Prompt, PromptKind, Template, TemplateDraft, AnswerDraft, FeelingShift, Reflection, ReflectionAnswer);
    add!(
        Lesson,
        LessonDraft,
        LessonRevision,
        LessonStatus,
        LessonSummary,
        LessonWording,
        Revisit,
        RevisitAnswer,
        StatusAfterAnswers
    );
    add!(RoadmapArea, CheckIn, Goal, GoalDraft, GoalKind, GoalStatus, GoalSummary, DueRevisit, Today);
    add!(Person, PersonDraft, SupportKind, SupportRole, Conversation, ConversationDraft);
    add!(SearchHit, SearchKind, SearchQuery);
    add!(CheckInDraft, DailyCheckIn, RecoveryCheckIn, BrsStatus, BrsResult);
    add!(TrendRange, TrendsReport, SetbackMarker, MoodChart, RecoveryPoint, QuarterMedian, RecoveryChart);
    add!(BounceCurve, BounceBackChart, AreaCount, AreaChart, FunnelChart, DayCount, CalendarChart, BrsPoint);
    add!(BrsChart, Metrics);
    add!(
        ReminderSettings,
        Weekday,
        WeeklyReview,
        QuietHours,
        Reminder,
        ReminderKind,
        CatchUp,
        ReminderStatus,
        MissedReminder
    );
    add!(PauseLength);
    add!(ImportFormat, ImportOptions, MoodMapping, ImportCount, SkippedItem, ImportPreview, ImportReport);
    add!(BackupInfo, BackupReason, JournalState, JournalStatus, SecurityStatus);
    files
}

#[test]
fn typescript_bindings_are_up_to_date() {
    let dir = bindings_dir();
    let update = std::env::var_os("FAILUP_UPDATE_BINDINGS").is_some();
    let files = generated();
    let mut stale = Vec::new();
    for (name, contents) in &files {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            if update {
                std::fs::write(&path, contents).unwrap();
            } else {
                stale.push(name.clone());
            }
        }
    }
    let expected: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    for existing in std::fs::read_dir(&dir).unwrap() {
        let name = existing.unwrap().file_name().to_string_lossy().into_owned();
        if !expected.contains(&name.as_str()) {
            if update {
                std::fs::remove_file(dir.join(&name)).unwrap();
            } else {
                stale.push(format!("{name} (no longer generated)"));
            }
        }
    }
    assert!(stale.is_empty(), "TypeScript bindings are out of date: {stale:?}. Run `cargo xtask bindings`.");
}
