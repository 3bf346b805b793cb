//! The resilience trends the charts draw.

use failup_core::{TrendRange, TrendsReport};

commands! {
    fn trends(app, range: TrendRange) -> TrendsReport {
        app.with_database(|db| db.trends(range))
    }
}
