//! Trends with the sample journal: every chart drawn, the setbacks marked, light and dark,
//! and the sample discarded without touching the user's own journal.

use serde_json::json;

use crate::driver::App;

/// The charts of the Trends view, as `data-chart` names them.
const CHARTS: [&str; 7] = ["mood", "recovery", "bounce", "areas", "funnel", "calendar", "brs"];

/// `failup_core::sample::SAMPLE_SETBACKS`: the sample year holds this many setbacks.
const SAMPLE_SETBACKS: u64 = 12;

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn sample_data_fills_every_chart_and_is_discarded_in_one_click() {
    let data = tempfile::tempdir().unwrap();
    for (theme, env) in [("light", vec![]), ("dark", vec![("GTK_THEME", "Adwaita:dark")])] {
        let app = App::launch_with_env(data.path(), &env);
        // The user's own journal: one entry that must survive exploring the sample.
        app.click(&app.find("#new-entry"));
        app.type_text(&app.find("#entry-title"), &format!("My own entry ({theme})"));
        app.wait_for_text("#save-status", "Saved");

        app.click(&app.find("button[data-nav=\"trends\"]"));
        app.click(&app.find("#explore-sample"));
        app.find("#sample-banner");
        app.click(&app.find("button[data-range=\"year\"]"));
        app.find("button[data-range=\"year\"][aria-pressed=\"true\"]");
        for chart in CHARTS {
            app.find(&format!("figure[data-chart=\"{chart}\"][data-rendered=\"true\"]"));
        }
        let markers = app.execute(
            "return Number(document.querySelector('figure[data-chart=\"mood\"]').dataset.markerCount);",
            json!([]),
        );
        assert_eq!(
            markers.as_u64(),
            Some(SAMPLE_SETBACKS),
            "every sample setback of the year is marked on the mood chart"
        );
        let canvases = app.count("figure[data-chart] canvas");
        assert!(canvases >= 5, "the uPlot charts drew on canvases ({canvases})");
        let headline = app.text(&app.find("#trends-headline"));
        assert!(!headline.is_empty(), "a plain-language headline is shown");
        app.screenshot(&format!("30-trends-sample-{theme}"));
        app.execute("document.querySelector('figure[data-chart=\"recovery\"]').scrollIntoView();", json!([]));
        app.screenshot(&format!("31-trends-sample-{theme}-lower"));

        app.click(&app.find("#discard-sample"));
        app.wait_for("the sample banner to go", "!document.querySelector('#sample-banner')");
        app.click(&app.find("button[data-nav=\"journal\"]"));
        app.wait_for(
            "the user's own entry",
            &format!("document.querySelector('li[data-entry-id] .entry-title')?.textContent.includes('My own entry ({theme})')"),
        );
        app.quit();
    }
    assert!(!data.path().join("sample").exists(), "discarding deletes the sample journal's folder");
}
