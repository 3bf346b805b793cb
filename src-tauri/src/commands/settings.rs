//! The user's settings and life areas.

use failup_core::{AppSettings, Area};

commands! {
    fn get_settings(app) -> AppSettings {
        app.with_database(|db| db.settings().get())
    }

    fn update_settings(app, settings: AppSettings) -> AppSettings {
        app.with_database(|db| db.settings().update(&settings))
    }

    fn list_areas(app) -> Vec<Area> {
        app.with_database(|db| db.areas().list())
    }

    fn create_area(app, name: String) -> Area {
        app.with_database(|db| db.areas().create(&name))
    }

    fn delete_area(app, id: i64) -> () {
        app.with_database(|db| db.areas().delete(id))
    }
}
