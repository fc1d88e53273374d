fn main() {
    let mut s = String::from("name: demo\nimage: alpine:3.20\negress_whitelist:\n");
    for i in 0..10000 {
        s.push_str(&format!("  - 10.{}.{}.0/24\n", (i >> 8) & 255, i & 255));
    }
    for _ in 0..3 {
        let n = 30;
        let t = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(k7_spec::validate(&s));
        }
        println!("validate {:?}", t.elapsed() / n);
        let t = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(k7_spec::source::parse(&s));
        }
        println!("parse only {:?}", t.elapsed() / n);
        let p = k7_spec::source::parse(&s);
        let t = std::time::Instant::now();
        for _ in 0..n {
            let mut d = vec![];
            std::hint::black_box(k7_spec::spec::build(p.root.as_ref().unwrap(), &mut d));
        }
        println!("build only {:?}", t.elapsed() / n);
        let t = std::time::Instant::now();
        for _ in 0..n {
            let mut p = saphyr_parser::Parser::new_from_str(&s);
            while let Some(Ok(e)) = p.next_event() {
                std::hint::black_box(e);
            }
        }
        println!("saphyr events only {:?}", t.elapsed() / n);
    }
}
