//! The words of a notification: plain text (notification servers differ in what markup they
//! accept, and a title must never be read as markup), and discreet by default.
//!
//! In discreet mode the text is fixed per kind and never includes `details`, so no title of
//! a setback, lesson or goal, and nothing the user wrote, can reach a locked screen or a
//! glance over the shoulder. That is a property of the code's shape, not of a filter.

use super::{Reminder, ReminderKind};

/// Longest detail shown, in characters: a notification is a nudge, not a reading view.
const MAX_DETAIL_CHARS: usize = 80;

/// The title and body of the notification for `reminder`. `details` is the title of its
/// setback, lesson text or goal title (see [`super::Reminders::details`]); it is shown only
/// when `discreet` is off.
pub fn notification_text(reminder: &Reminder, details: Option<&str>, discreet: bool) -> (String, String) {
    let detail = if discreet { None } else { details.map(plain_detail).filter(|detail| !detail.is_empty()) };
    let (title, body) = match (reminder.kind, detail) {
        (ReminderKind::DailyPrompt, _) => {
            ("Time for your check-in".to_owned(), "How did today go? A minute to note it keeps the thread.".to_owned())
        }
        (ReminderKind::WeeklyReview, _) => (
            "Your weekly review".to_owned(),
            "Look back on your week: what you learnt, and what comes next.".to_owned(),
        ),
        (ReminderKind::ReadyToReflect, None) => {
            ("Ready to reflect".to_owned(), "A cool-down has ended. Reflect when you feel ready.".to_owned())
        }
        (ReminderKind::ReadyToReflect, Some(detail)) => (
            "Ready to reflect".to_owned(),
            format!("“{detail}”: its cool-down has ended. Reflect when you feel ready."),
        ),
        (ReminderKind::LessonRevisit, None) => {
            ("A lesson to revisit".to_owned(), "Have you had a chance to put a lesson into practice?".to_owned())
        }
        (ReminderKind::LessonRevisit, Some(detail)) => {
            ("A lesson to revisit".to_owned(), format!("Have you had a chance to put “{detail}” into practice?"))
        }
        (ReminderKind::GoalCheckIn, None) => {
            ("Goal check-in".to_owned(), "How is your goal going? Note your progress.".to_owned())
        }
        (ReminderKind::GoalCheckIn, Some(detail)) => {
            ("Goal check-in".to_owned(), format!("How is “{detail}” going? Note your progress."))
        }
        (ReminderKind::RecoveryCheckIn, None) => {
            ("How are you bouncing back?".to_owned(), "A ten-second check-in on how you are recovering.".to_owned())
        }
        (ReminderKind::RecoveryCheckIn, Some(detail)) => {
            ("How are you bouncing back?".to_owned(), format!("How far have you bounced back from “{detail}”?"))
        }
    };
    (title, body)
}

/// One notification for several reminders that fell due while the app was closed, so that
/// starting the app does not bring a burst. Discreet always: it names kinds, never
/// subjects. `None` for fewer than two: a single one gets its own [`notification_text`].
pub fn catch_up_text(reminders: &[Reminder]) -> Option<(String, String)> {
    if reminders.len() < 2 {
        return None;
    }
    let mut kinds: Vec<ReminderKind> = reminders.iter().map(|reminder| reminder.kind).collect();
    kinds.sort();
    kinds.dedup();
    let things: Vec<&str> = kinds
        .iter()
        .map(|kind| match kind {
            ReminderKind::DailyPrompt => "a check-in",
            ReminderKind::ReadyToReflect => "a setback ready to reflect on",
            ReminderKind::LessonRevisit => "a lesson to revisit",
            ReminderKind::GoalCheckIn => "a goal check-in",
            ReminderKind::WeeklyReview => "your weekly review",
            ReminderKind::RecoveryCheckIn => "a recovery check-in",
        })
        .collect();
    let list = match things.as_slice() {
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    Some((format!("{} reminders while you were away", reminders.len()), format!("Waiting for you: {list}.")))
}

/// `text` as one plain line: control characters and runs of whitespace become one space,
/// and it is cut at [`MAX_DETAIL_CHARS`] with an ellipsis.
fn plain_detail(text: &str) -> String {
    let line = text.split(|c: char| c.is_whitespace() || c.is_control()).filter(|word| !word.is_empty());
    let line = line.collect::<Vec<_>>().join(" ");
    if line.chars().count() <= MAX_DETAIL_CHARS {
        return line;
    }
    let cut: String = line.chars().take(MAX_DETAIL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_become_one_short_plain_line() {
        assert_eq!(plain_detail("  Lost\nthe\t\u{7}pitch  "), "Lost the pitch");
        let long = plain_detail(&"word ".repeat(40));
        assert!(long.ends_with('…') && long.chars().count() <= MAX_DETAIL_CHARS, "{long}");
    }
}
