//! Report readers and `sli.yaml`: any text is read or refused with located problems, never a
//! panic; the first byte picks the report kind.

#![no_main]

use libfuzzer_sys::fuzz_target;
use slogate::reports::{self, ReportKind};
use slogate::{SliConfig, Slo};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let kind = ReportKind::ALL[usize::from(first) % ReportKind::ALL.len()];
    match kind.read(text) {
        Ok(report) => {
            let slo = Slo::parse(
                "objectives:\n  - sli: http_req_duration.p95\n    pass: [{criteria: ['<500']}]\ntotal_score: {pass: 90%}\n",
            )
            .expect("a valid SLO");
            if let Err(err) = reports::require_metrics(&slo, &report, kind.describe()) {
                let _ = err.to_string();
            }
            for value in &report.indicator_values {
                let _ = kind.absent_value(&value.metric);
            }
        }
        Err(err) => {
            let _ = err.to_string();
            let _ = err.first().render(text);
        }
    }
    match SliConfig::parse(text) {
        Ok(config) => {
            for (name, source) in config.indicators() {
                assert!(config.source(name).is_some());
                let _ = source.to_string();
            }
        }
        Err(err) => {
            let _ = err.first().render(text);
        }
    }
});
