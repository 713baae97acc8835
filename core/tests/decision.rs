//! The gate rule and the approval decision: every verdict under every policy.

use slogate::{
    Action, ApprovalMode, ApprovalPolicy, Decision, Deployment, FailOn, SliReport, Slo, Verdict,
};

use ApprovalMode::{Automatic as Auto, Manual};

#[test]
fn every_verdict_under_every_policy_and_deployment() {
    use Action::{Ask, Hold, Promote};
    use Verdict::{Fail, Pass, Warning};
    #[rustfmt::skip]
    let table = [
        // pass mode, warning mode, verdict, action on a candidate, rollback when live
        (Auto,   Auto,   Pass,    Promote, false),
        (Auto,   Auto,   Warning, Promote, false),
        (Auto,   Auto,   Fail,    Hold,    true),
        (Auto,   Manual, Pass,    Promote, false),
        (Auto,   Manual, Warning, Ask,     false),
        (Auto,   Manual, Fail,    Hold,    true),
        (Manual, Auto,   Pass,    Ask,     false),
        (Manual, Auto,   Warning, Promote, false),
        (Manual, Auto,   Fail,    Hold,    true),
        (Manual, Manual, Pass,    Ask,     false),
        (Manual, Manual, Warning, Ask,     false),
        (Manual, Manual, Fail,    Hold,    true),
    ];
    for (pass, warning, verdict, action, rollback) in table {
        let policy = ApprovalPolicy { pass, warning };
        let case = format!("{policy} on {verdict}");
        let candidate = policy.decide(verdict, Deployment::Candidate);
        assert_eq!(candidate.action, action, "{case}");
        assert!(!candidate.rollback, "{case}");
        let live = policy.decide(verdict, Deployment::Live);
        assert_eq!(live.action, action, "{case} (live)");
        assert_eq!(live.rollback, rollback, "{case} (live)");
        let exit = match action {
            Promote => 0,
            Hold => 1,
            Ask => 3,
        };
        assert_eq!(candidate.exit_code(), exit, "{case}");
        // The policy read back from its own text decides the same.
        let reread: ApprovalPolicy = policy.to_string().parse().unwrap();
        assert_eq!(reread, policy);
    }
}

#[test]
fn a_decision_explains_itself() {
    let policy: ApprovalPolicy = "pass=automatic,warning=manual".parse().unwrap();
    let cases = [
        (Verdict::Pass, Deployment::Candidate, "promote: the evaluation passed and a pass is approved automatically"),
        (Verdict::Warning, Deployment::Live, "ask: the evaluation is a warning and a warning needs a person's approval"),
        (Verdict::Fail, Deployment::Candidate, "hold: the evaluation failed and a failed evaluation is never promoted"),
        (Verdict::Fail, Deployment::Live, "hold: the evaluation failed and a failed evaluation is never promoted; roll back the live deployment"),
    ];
    for (verdict, deployment, text) in cases {
        assert_eq!(policy.decide(verdict, deployment).explain(), text);
    }
    assert_eq!(
        policy.decide(Verdict::Fail, Deployment::Live).to_string(),
        "hold (rollback)"
    );
}

#[test]
fn the_gate_rule_lets_a_warning_pass_unless_it_fails_on_warnings() {
    for (verdict, on_fail, on_warning) in [
        (Verdict::Pass, true, true),
        (Verdict::Warning, true, false),
        (Verdict::Fail, false, false),
    ] {
        assert_eq!(verdict.passes(FailOn::Fail), on_fail, "{verdict}");
        assert_eq!(verdict.passes(FailOn::Warning), on_warning, "{verdict}");
        let gate = Decision::from_gate(verdict, FailOn::Warning, Deployment::Live);
        assert_eq!(gate.action == Action::Promote, on_warning, "{verdict}");
        assert_eq!(gate.rollback, !on_warning, "{verdict}");
    }
    assert_eq!(
        Decision::from_gate(Verdict::Warning, FailOn::Warning, Deployment::Candidate).explain(),
        "hold: the evaluation is a warning and the gate fails on a warning"
    );
    assert_eq!(
        Decision::from_gate(Verdict::Warning, FailOn::Fail, Deployment::Candidate).explain(),
        "promote: the evaluation is a warning and the gate lets a warning through"
    );
}

#[test]
fn an_evaluation_is_decided_by_its_verdict() {
    let slo = Slo::parse(
        "objectives:\n  - sli: p95\n    pass: [{criteria: ['<600']}]\n    warning: [{criteria: ['<800']}]\ntotal_score: {pass: 90%, warning: 50%}\n",
    )
    .unwrap();
    let warning = slo
        .evaluate(&SliReport::from_values([("p95", 700.0)]), &[])
        .unwrap();
    assert_eq!(warning.result(), Verdict::Warning);
    assert!(warning.passes(FailOn::Fail));
    assert!(!warning.passes(FailOn::Warning));
    let policy: ApprovalPolicy = "warning=manual,pass=automatic".parse().unwrap();
    assert_eq!(
        warning.decide(&policy, Deployment::Candidate).action,
        Action::Ask
    );
}

#[test]
fn the_properties_of_keptns_approval_task_are_read_as_they_are() {
    let policy =
        ApprovalPolicy::from_yaml("pass: \"automatic\"\nwarning: \"manual\"\n", None).unwrap();
    assert_eq!(
        policy,
        ApprovalPolicy {
            pass: Auto,
            warning: Manual
        }
    );
    // As in Keptn's approval service, a property left out is manual.
    let policy = ApprovalPolicy::from_yaml("warning: automatic\n", None).unwrap();
    assert_eq!(
        policy,
        ApprovalPolicy {
            pass: Manual,
            warning: Auto
        }
    );
    let policy: ApprovalPolicy = "pass=automatic".parse().unwrap();
    assert_eq!(
        policy,
        ApprovalPolicy {
            pass: Auto,
            warning: Manual
        }
    );
}

const SHIPYARD: &str = r#"apiVersion: "spec.keptn.sh/0.2.3"
kind: "Shipyard"
metadata:
  name: "shipyard-shop"
spec:
  stages:
    - name: "dev"
      sequences:
        - name: "delivery"
          tasks:
            - name: "deployment"
              properties:
                deploymentstrategy: "direct"
            - name: "evaluation"
    - name: "hardening"
      sequences:
        - name: "delivery"
          triggeredOn:
            - event: "dev.delivery.finished"
          tasks:
            - name: "evaluation"
            - name: "approval"
              properties:
                pass: "automatic"
                warning: "manual"
    - name: "production"
      sequences:
        - name: "delivery"
          tasks:
            - name: "approval"
              properties:
                pass: "automatic"
                warning: "automatic"
"#;

#[test]
fn a_shipyard_gives_the_approval_task_of_the_named_stage() {
    let hardening = ApprovalPolicy::from_yaml(SHIPYARD, Some("hardening")).unwrap();
    assert_eq!(
        hardening,
        ApprovalPolicy {
            pass: Auto,
            warning: Manual
        }
    );
    let production = ApprovalPolicy::from_yaml(SHIPYARD, Some("production")).unwrap();
    assert_eq!(
        production,
        ApprovalPolicy {
            pass: Auto,
            warning: Auto
        }
    );
    // One stage only: no need to name it.
    let single = SHIPYARD.split("    - name: \"production\"").next().unwrap();
    assert_eq!(ApprovalPolicy::from_yaml(single, None).unwrap(), hardening);
}

#[test]
fn malformed_policies_are_refused_with_every_problem_located() {
    let err = "pass=sometimes,fail=automatic,warning"
        .parse::<ApprovalPolicy>()
        .unwrap_err();
    let found: Vec<String> = err
        .problems()
        .iter()
        .map(|p| format!("{} {:?} {}", p.code(), p.column(), p.message()))
        .collect();
    assert_eq!(
        found,
        [
            "invalid_approval Some(6) invalid approval mode 'sometimes' for `pass`; expected `automatic` or `manual`",
            "invalid_approval Some(16) unknown approval property 'fail'; expected `pass` or `warning` (a failed evaluation is never promoted)",
            "invalid_approval Some(31) 'warning' is not a `verdict=mode` pair; expected e.g. `pass=automatic,warning=manual`",
        ]
    );
    let err = "pass=manual,pass=automatic"
        .parse::<ApprovalPolicy>()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "pass (line 1, column 13): 'pass' is given twice"
    );
    let err = ApprovalPolicy::from_yaml("pass: [automatic]\n", None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "pass (line 1, column 7): expected `automatic` or `manual`, found a list"
    );
    let err = ApprovalPolicy::from_yaml("kind: Stage\n", None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "kind (line 1, column 7): expected the kind `Shipyard`, found 'Stage'"
    );
    let err = ApprovalPolicy::from_yaml("# nothing\n", None).unwrap_err();
    assert_eq!(err.code().as_str(), "missing_approval");
    let err = ApprovalPolicy::from_yaml("pass: automatic\n", Some("prod")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a stage ('prod') was named but the approval policy is not a shipyard"
    );
    let err = ApprovalPolicy::from_yaml("spec:\n  stages: {}\n", None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "spec.stages (line 2, column 11): expected a list, found a mapping"
    );
}
