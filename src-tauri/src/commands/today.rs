//! Today: what the failing-up loop asks of the user now.

use failup_core::Today;

commands! {
    fn today(app) -> Today {
        app.with_database(|db| db.today())
    }
}
