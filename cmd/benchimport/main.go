// Command benchimport measures plantrack's import against the sqlite3
// command-line tool. It creates PLANS synthetic plans (benchmark sample
// data, labelled so) of INDICATORS indicators each, writes an actuals CSV
// of PLANS × INDICATORS × YEARS rows, imports it with `plantrack import`
// (validation and revisions on), loads the same file with sqlite3's
// .import into a bare table with the same primary key, and prints both
// rates, their ratio and each process's peak memory. run.sh builds and
// runs it.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"plantrack/indicators"
	"plantrack/seed"
	"plantrack/store"
)

func main() {
	plans := flag.Int("plans", 2000, "plans")
	inds := flag.Int("indicators", 100, "indicators per plan")
	years := flag.Int("years", 5, "years per indicator (2021 on)")
	bin := flag.String("plantrack", "./plantrack", "the plantrack binary")
	dir := flag.String("dir", "", "working directory (a temporary one when empty); a second run with the same -dir reuses its plans and file")
	prep := flag.Bool("prepare", false, "only make the plans (DIR/plans.db) and the file (DIR/actuals.csv), for cmd/loadtest")
	flag.Parse()
	if *prep {
		if *dir == "" {
			fmt.Fprintln(os.Stderr, "benchimport: -prepare needs -dir")
			os.Exit(2)
		}
		if _, err := prepare(context.Background(), filepath.Join(*dir, "plans.db"), filepath.Join(*dir, "actuals.csv"), *plans, *inds, *years); err != nil {
			fmt.Fprintln(os.Stderr, "benchimport:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*plans, *inds, *years, *bin, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "benchimport:", err)
		os.Exit(1)
	}
}

func run(plans, inds, years int, bin, dir string) error {
	ctx := context.Background()
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	if dir == "" {
		d, err := os.MkdirTemp("", "benchimport")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	pristine := filepath.Join(dir, "plans.db")
	db := filepath.Join(dir, "bench.db")
	csvPath := filepath.Join(dir, "actuals.csv")
	rows, err := prepare(ctx, pristine, csvPath, plans, inds, years)
	if err != nil {
		return err
	}
	// every run starts from the same database: the plans, no values
	body, err := os.ReadFile(pristine)
	if err != nil {
		return err
	}
	if err := os.WriteFile(db, body, 0o644); err != nil {
		return err
	}
	os.Remove(db + "-wal")
	os.Remove(db + "-shm")

	ptTime, ptRSS, err := measure(bin, "import", "-db", db, "-lang", "en", csvPath)
	if err != nil {
		return fmt.Errorf("plantrack import: %w", err)
	}
	bare := filepath.Join(dir, "bare.db")
	os.Remove(bare)
	os.Remove(bare + "-wal")
	if out, err := exec.Command("sqlite3", bare, "PRAGMA journal_mode=WAL; CREATE TABLE obs (plan TEXT, indicator TEXT, year INTEGER, value REAL, PRIMARY KEY (plan, indicator, year));").CombinedOutput(); err != nil {
		return fmt.Errorf("sqlite3: %v: %s", err, out)
	}
	sqTime, sqRSS, err := measure("sqlite3", bare, ".import --csv --skip 1 "+csvPath+" obs")
	if err != nil {
		return fmt.Errorf("sqlite3 .import: %w", err)
	}
	ptRate, sqRate := float64(rows)/ptTime.Seconds(), float64(rows)/sqTime.Seconds()
	fmt.Printf("plantrack import: %d rows in %.2f s = %.0f rows/s, peak RSS %.0f MB\n", rows, ptTime.Seconds(), ptRate, ptRSS)
	fmt.Printf("sqlite3 .import:  %d rows in %.2f s = %.0f rows/s, peak RSS %.0f MB\n", rows, sqTime.Seconds(), sqRate, sqRSS)
	fmt.Printf("ratio plantrack/sqlite3: %.2f (goal ≥ 0.5); plantrack peak memory goal < 200 MB\n", ptRate/sqRate)

	// the same file again: validated, compared, nothing written
	again, againRSS, err := measure(bin, "import", "-db", db, "-lang", "en", csvPath)
	if err != nil {
		return err
	}
	fmt.Printf("plantrack import again (all unchanged): %.2f s = %.0f rows/s, peak RSS %.0f MB\n", again.Seconds(), float64(rows)/again.Seconds(), againRSS)
	return nil
}

// measure runs a command and returns its wall time and peak resident memory.
func measure(name string, args ...string) (time.Duration, float64, error) {
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := os.CreateTemp("", "benchimport-out")
	if err != nil {
		return 0, 0, err
	}
	defer os.Remove(out.Name())
	cmd.Stdout = out
	start := time.Now()
	err = cmd.Run()
	d := time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("%w: %s", err, stderr.Bytes()[:min(stderr.Len(), 2000)])
	}
	if stderr.Len() > 0 {
		fmt.Printf("  (%s wrote %d bytes on stderr, first: %.200s)\n", name, stderr.Len(), stderr.String())
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return d, float64(ru.Maxrss) / 1024, nil // Maxrss is in KiB on Linux
}

// prepare creates the plans in db and writes the actuals file, unless a
// previous run left both in place (with -dir): the setup takes longer than
// the import.
func prepare(ctx context.Context, db, csvPath string, plans, inds, years int) (int, error) {
	want := plans * inds * years
	if _, err := os.Stat(db); err == nil {
		if fi, err := os.Stat(csvPath); err == nil {
			fmt.Printf("setup: reusing %s and %s (%.1f MB)\n", db, csvPath, float64(fi.Size())/1e6)
			return want, nil
		}
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	// written under another name and renamed last, so a setup cut short is not reused
	f, err := os.Create(csvPath + ".part")
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "plan,indicator,year,value")
	rows := 0
	for p := range plans {
		d := seed.Synthetic(fmt.Sprintf("bench-%04d", p), inds, years)
		d.Observations = nil
		if _, err := st.SaveDataset(ctx, indicators.LocalActor("benchimport"), d, time.Now()); err != nil {
			return 0, err
		}
		for i, ind := range d.Indicators {
			for y := range years {
				// near the synthetic baseline (100), so that no magnitude warning fires
				fmt.Fprintf(w, "%s,%s,%d,%d.%02d\n", d.Plan.Code, ind.Code, 2021+y, 100+(i%20)+3*y, (p+i+y)%100)
				rows++
			}
		}
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	f.Close()
	st.Close()
	if err := os.Rename(csvPath+".part", csvPath); err != nil {
		return 0, err
	}
	fi, _ := os.Stat(csvPath)
	fmt.Printf("setup: %d plans × %d indicators (synthetic sample data), %d rows, %.1f MB CSV, %.1f s\n",
		plans, inds, rows, float64(fi.Size())/1e6, time.Since(start).Seconds())

	return rows, nil
}
