//! scratch
fn main() {
    let w = slogate_benches::Workload::new(1000, 30);
    let start = std::time::Instant::now();
    let mut n = 0;
    while start.elapsed().as_secs_f64() < 5.0 {
        let e = w.slo.evaluate(&w.report, &w.history).unwrap();
        std::hint::black_box(e);
        n += 1;
    }
    println!("{} us/iter", start.elapsed().as_secs_f64() * 1e6 / n as f64);
}
