//! History JSON decoding: never a panic, errors format, and what decodes writes back out and
//! reads in again unchanged.

#![no_main]

use libfuzzer_sys::fuzz_target;
use slogate::PreviousEvaluation;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match PreviousEvaluation::list_from_json(text) {
        Ok(list) => {
            for previous in &list {
                let json = previous.to_json();
                let again =
                    PreviousEvaluation::from_json(&json).expect("a written entry reads back");
                assert_eq!(&again, previous);
            }
        }
        Err(err) => {
            assert!(!err.problems().is_empty());
            let _ = err.to_string();
            for problem in err.problems() {
                let _ = problem.render(text);
            }
        }
    }
    match PreviousEvaluation::from_json(text) {
        Ok(previous) => {
            let again = PreviousEvaluation::from_json(&previous.to_json()).expect("reads back");
            assert_eq!(again, previous);
        }
        Err(err) => {
            let _ = err.to_string();
        }
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        if let Err(err) = PreviousEvaluation::from_json_value(&value) {
            let _ = err.to_string();
        }
    }
});
