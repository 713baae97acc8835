//! Criterion parsing: `Display` gives back the text, and `FromStr` of that text gives the same
//! criterion; refusals format with a message quoting at most a short prefix.

#![no_main]

use libfuzzer_sys::fuzz_target;
use slogate::{Criterion, Threshold};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match text.parse::<Criterion>() {
        Ok(criterion) => {
            let printed = criterion.to_string();
            assert_eq!(printed, text);
            let again: Criterion = printed.parse().expect("a printed criterion parses");
            assert_eq!(again, criterion);
            assert_eq!(again.operator(), criterion.operator());
            let finite = match criterion.threshold() {
                Threshold::Fixed(n) | Threshold::Delta(n) | Threshold::Percent(n) => n,
            };
            assert!(finite.is_finite());
            for baseline in [None, Some(0.0), Some(-1.5), Some(1e300)] {
                let _ = criterion.target(baseline);
                let _ = criterion.is_met(42.0, baseline);
            }
        }
        Err(problem) => {
            assert!(problem.message().starts_with("invalid criterion '"));
            assert!(
                problem.message().len() < 400,
                "the message quotes the text shortened"
            );
            let _ = problem.to_string();
            let _ = problem.code().as_str();
        }
    }
});
