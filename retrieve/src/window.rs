//! The evaluation window: the time range the SLIs describe.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The measured time range; the queries run as instant queries at its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    start: OffsetDateTime,
    end: OffsetDateTime,
}

impl Window {
    /// Reads a window from two RFC 3339 times (`2024-05-01T10:00:00Z`,
    /// `2024-05-01T12:00:00.5+02:00`); the end must come after the start.
    pub fn parse(start: &str, end: &str) -> Result<Window, String> {
        let start_time = parse_time("start", start)?;
        let end_time = parse_time("end", end)?;
        if end_time <= start_time {
            return Err(format!(
                "the window ends ({end}) before or when it starts ({start}); \
                 the end must come after the start"
            ));
        }
        Ok(Window {
            start: start_time,
            end: end_time,
        })
    }

    /// The window's length in whole seconds, rounded up (the prometheus-service's
    /// `$DURATION_SECONDS`).
    pub fn duration_seconds(&self) -> i64 {
        let length = self.end - self.start;
        length.whole_seconds() + i64::from(length.subsec_nanoseconds() > 0)
    }

    /// The start in RFC 3339, in UTC.
    pub fn start_text(&self) -> String {
        format_utc(self.start)
    }

    /// The end in RFC 3339, in UTC.
    pub fn end_text(&self) -> String {
        format_utc(self.end)
    }

    /// The end as Prometheus's `time` parameter: Unix seconds with a fraction where needed.
    pub fn end_unix(&self) -> String {
        let nanos = self.end.unix_timestamp_nanos();
        let seconds = nanos.div_euclid(1_000_000_000);
        let fraction = nanos.rem_euclid(1_000_000_000);
        if fraction == 0 {
            seconds.to_string()
        } else {
            format!("{seconds}.{fraction:09}")
                .trim_end_matches('0')
                .to_owned()
        }
    }
}

fn parse_time(which: &str, text: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(text, &Rfc3339).map_err(|e| {
        format!(
            "invalid {which} time '{text}': {e}; expected RFC 3339, such as 2024-05-01T10:00:00Z"
        )
    })
}

fn format_utc(time: OffsetDateTime) -> String {
    time.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_reads_rfc_3339_and_writes_utc() {
        let window = Window::parse("2024-05-01T12:00:00+02:00", "2024-05-01T10:05:00.25Z").unwrap();
        assert_eq!(window.start_text(), "2024-05-01T10:00:00Z");
        assert_eq!(window.end_text(), "2024-05-01T10:05:00.25Z");
        assert_eq!(window.end_unix(), "1714557900.25");
        assert_eq!(window.duration_seconds(), 301);
        let whole = Window::parse("1970-01-01T00:00:00Z", "1970-01-01T00:00:10Z").unwrap();
        assert_eq!(whole.end_unix(), "10");
    }

    #[test]
    fn a_bad_time_or_an_empty_window_is_refused() {
        assert_eq!(
            Window::parse("yesterday", "2024-05-01T10:00:00Z").unwrap_err(),
            "invalid start time 'yesterday': the 'year' component could not be parsed; \
             expected RFC 3339, such as 2024-05-01T10:00:00Z"
        );
        assert_eq!(
            Window::parse("2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z").unwrap_err(),
            "the window ends (2024-05-01T10:00:00Z) before or when it starts \
             (2024-05-01T10:00:00Z); the end must come after the start"
        );
    }
}
