//! Writing the user's text into Markdown documents (the mentor brief, the failure résumé) so
//! that it reads as they wrote it and can never change the document's structure: a title that
//! starts with `#` stays a title instead of becoming a heading, a `|` stays inside its table
//! cell, and `<b>` is shown, never rendered as HTML.
//!
//! The escaping follows CommonMark (with GitHub's tables and strikethrough): any ASCII
//! punctuation may be escaped with a backslash, so escaping is always safe; only the
//! characters that can start markup are escaped, so that the raw document stays readable.

use crate::lessons::LessonSummary;

/// `text` as inline Markdown on one line, for a heading, a list item or a table cell.
///
/// - Runs of whitespace, line breaks included, become one space, and the ends are trimmed:
///   a line break would end a heading, a list item or a table row.
/// - `\`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `>`, `|`, `~` and `#` are escaped wherever they
///   are: they start emphasis, code, links, HTML, block quotes, table cells, strikethrough
///   and headings (a trailing ` #` closes a heading and would be dropped).
/// - `&` is escaped when it starts something that reads as an entity, such as `&amp;`, so
///   that it is shown as typed; a plain `&` is left alone.
/// - At the start, `-`, `+` and `=`, and the `.` or `)` after leading digits, are escaped:
///   there they would start a list, a thematic break or a heading underline.
pub fn escape_inline(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = collapsed.chars().collect();
    let leading_digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut escaped = String::with_capacity(collapsed.len() + 8);
    for (index, &c) in chars.iter().enumerate() {
        let needs_escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' => true,
            '&' => starts_entity(&chars[index + 1..]),
            '-' | '+' | '=' => index == 0,
            // CommonMark list numbers have at most nine digits.
            '.' | ')' => index > 0 && index == leading_digits && leading_digits <= 9,
            _ => false,
        };
        if needs_escape {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Whether the characters after an `&` make it an entity reference (`&name;`, `&#123;`).
fn starts_entity(rest: &[char]) -> bool {
    let rest = rest.strip_prefix(&['#']).unwrap_or(rest);
    let name = rest.iter().take_while(|c| c.is_ascii_alphanumeric()).count();
    name > 0 && rest.get(name) == Some(&';')
}

/// `text` as a block quote: each line escaped as by [`escape_inline`] behind `> `, a blank
/// line (or several) as one `>` line between paragraphs. Empty text gives an empty string.
pub fn quote(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = escape_inline(line);
        if !line.is_empty() {
            lines.push(format!("> {line}"));
        } else if lines.last().is_some_and(|last| last != ">") {
            lines.push(">".to_owned());
        }
    }
    if lines.last().is_some_and(|last| last == ">") {
        lines.pop();
    }
    lines.join("\n")
}

/// A Markdown document written block by block, with one blank line between blocks.
#[derive(Debug, Default)]
pub(crate) struct Document {
    text: String,
}

impl Document {
    /// Adds a block: a heading, a paragraph, a list or a table, given as its lines.
    pub(crate) fn block(&mut self, block: impl AsRef<str>) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(block.as_ref().trim_end_matches('\n'));
        self.text.push('\n');
    }

    pub(crate) fn finish(self) -> String {
        self.text
    }
}

/// `text`, or `fallback` when it is empty, so that an empty field never leaves Markdown such
/// as `****` (a thematic break) or a heading with no words.
pub(crate) fn non_empty(text: String, fallback: &str) -> String {
    if text.is_empty() {
        fallback.to_owned()
    } else {
        text
    }
}

/// `text` (already on one line) cut to at most `max_chars` characters, at a word boundary
/// when there is one, with an ellipsis when cut. Cut before escaping, so that an escape is
/// never split from the character it protects.
pub(crate) fn shorten(text: &str, max_chars: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max_chars {
        return text;
    }
    let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(index) if index > max_chars / 2 => &cut[..index],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

/// A word for a snake_case enum value, as a reader says it: "lessons_drawn" → "lessons drawn".
pub(crate) fn words(snake_case: &str) -> String {
    snake_case.replace('_', " ")
}

/// A lesson on one line: its text, its if–then plan if it has one, and its status, e.g.
/// "Ask early — If a deadline slips, then I will tell my manager (applied)".
pub(crate) fn lesson_line(lesson: &LessonSummary) -> String {
    let mut line = escape_inline(&lesson.text);
    if let Some(plan) = plan(lesson) {
        line.push_str(" — ");
        line.push_str(&plan);
    }
    line.push_str(&format!(" ({})", words(lesson.status.as_str())));
    line
}

/// A lesson's "If …, then I will …" plan, escaped, if it has one.
pub(crate) fn plan(lesson: &LessonSummary) -> Option<String> {
    match (&lesson.if_situation, &lesson.then_action) {
        (Some(situation), Some(action)) => {
            Some(format!("If {}, then I will {}", escape_inline(situation), escape_inline(action)))
        }
        _ => None,
    }
}

/// "1 setback", "2 setbacks".
pub(crate) fn count(number: usize, singular: &str, plural: &str) -> String {
    format!("{number} {}", if number == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_so_they_show_as_typed() {
        assert_eq!(escape_inline("# Not a heading"), "\\# Not a heading");
        assert_eq!(escape_inline("Title #"), "Title \\#", "a trailing # would close a heading and vanish");
        assert_eq!(escape_inline("a | b"), "a \\| b", "a pipe stays inside its table cell");
        assert_eq!(escape_inline("*bold* _it_ `code` ~~s~~"), "\\*bold\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~");
        assert_eq!(escape_inline("[link](http://x) ![img](y)"), "\\[link\\](http://x) !\\[img\\](y)");
        assert_eq!(escape_inline("<script>alert(1)</script>"), "\\<script\\>alert(1)\\</script\\>", "never HTML");
        assert_eq!(escape_inline("back\\slash"), "back\\\\slash");
    }

    #[test]
    fn block_markers_are_escaped_only_where_they_start_a_block() {
        assert_eq!(escape_inline("- not a list"), "\\- not a list");
        assert_eq!(escape_inline("+ nor this"), "\\+ nor this");
        assert_eq!(escape_inline("==="), "\\===", "not a heading underline");
        assert_eq!(escape_inline("---"), "\\---", "not a thematic break");
        assert_eq!(escape_inline("2024. A year"), "2024\\. A year", "not an ordered list");
        assert_eq!(escape_inline("1) first"), "1\\) first");
        assert_eq!(escape_inline("well-known, 3.5 and x-1"), "well-known, 3.5 and x-1", "mid-text is plain");
        assert_eq!(escape_inline("1234567890. ten digits"), "1234567890. ten digits", "too long for a list");
    }

    #[test]
    fn only_ampersands_that_read_as_entities_are_escaped() {
        assert_eq!(escape_inline("Tom & Jerry"), "Tom & Jerry");
        assert_eq!(escape_inline("&amp; &#38; &copy;"), "\\&amp; \\&\\#38; \\&copy;");
        assert_eq!(escape_inline("R&D;"), "R\\&D;", "`&D;` would be read as an entity name");
    }

    #[test]
    fn line_breaks_are_folded_inline_and_kept_in_quotes() {
        assert_eq!(escape_inline("  two\nlines\t here "), "two lines here");
        assert_eq!(quote("first\n# second\n\n\n\nthird\n\n"), "> first\n> \\# second\n>\n> third");
        assert_eq!(quote(" \n "), "", "blank text quotes as nothing");
    }

    #[test]
    fn shorten_cuts_at_a_word_with_an_ellipsis() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four five", 12), "one two…");
        assert_eq!(shorten("line\nbreaks", 20), "line breaks");
    }
}
