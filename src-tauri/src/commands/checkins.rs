//! Daily and recovery check-ins, and the Brief Resilience Scale.

use failup_core::{BrsResult, BrsStatus, CheckInDraft, DailyCheckIn, RecoveryCheckIn};

commands! {
    fn log_check_in(app, draft: CheckInDraft) -> DailyCheckIn {
        app.with_database(|db| db.check_ins().log(&draft))
    }

    fn recent_check_ins(app, limit: u32) -> Vec<DailyCheckIn> {
        app.with_database(|db| db.check_ins().recent(limit))
    }

    fn delete_check_in(app, id: i64) -> () {
        app.with_database(|db| db.check_ins().delete(id))
    }

    fn log_recovery_check_in(app, setback_id: i64, recovered: u8) -> RecoveryCheckIn {
        app.with_database(|db| db.check_ins().log_recovery(setback_id, recovered))
    }

    fn brs_status(app) -> BrsStatus {
        app.with_database(|db| db.check_ins().brs_status())
    }

    fn submit_brs(app, answers: Vec<u8>) -> BrsResult {
        app.with_database(|db| db.check_ins().submit_brs(&answers))
    }
}
