//! What the benchmarks share: reading `--name value` arguments and printing percentiles as a
//! Markdown table row.

use std::time::Duration;

/// The value after `name` on the command line.
pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// The `p` quantile (0–1) of the samples, by rank.
pub fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort_unstable();
    let rank = ((samples.len() as f64) * p).ceil() as usize;
    samples[rank.clamp(1, samples.len()) - 1]
}

/// CPU time spent so far by every thread of the process (Linux: `/proc/self/task/*/schedstat`),
/// zero elsewhere. Taken around a query, it is what the query costs whatever else runs on the
/// machine: wall times measured beside other builds are pessimistic, CPU times are not.
#[allow(dead_code, reason = "not every benchmark reports CPU time")]
pub fn process_cpu() -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Duration::ZERO;
    };
    let nanos: u64 = tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    Duration::from_nanos(nanos)
}

/// Prints `| name | samples | p50 | p99 | max |`.
pub fn report(name: &str, samples: &mut [Duration]) {
    let p50 = percentile(samples, 0.50);
    let p99 = percentile(samples, 0.99);
    let max = percentile(samples, 1.0);
    println!(
        "| {name} | {} | {:.2} ms | {:.2} ms | {:.2} ms |",
        samples.len(),
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
}

/// Inserts rows in batches of `batch`, in one transaction.
#[allow(dead_code, reason = "not every benchmark loads rows this way")]
pub async fn insert_all<A>(db: &storage::Db, rows: Vec<A>, batch: usize)
where
    A: sea_orm::ActiveModelTrait + Clone + Send,
    <A::Entity as sea_orm::EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    let txn = db.begin_write().await.unwrap();
    for chunk in rows.chunks(batch) {
        <A::Entity as sea_orm::EntityTrait>::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();
}
