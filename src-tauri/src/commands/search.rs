//! Search everywhere: entries, setbacks, reflections, lessons and goals.

use failup_core::{SearchHit, SearchQuery};

commands! {
    fn search(app, query: SearchQuery) -> Vec<SearchHit> {
        app.with_database(|db| db.search(&query))
    }
}
