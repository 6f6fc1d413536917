package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "write the README's screenshot (docs/images/report.png) from the browser test")

// demoOnce runs a small demo once for the tests that read its output.
var demoRan bool

var demoOnce = sync.OnceValues(func() (string, error) {
	demoRan = true
	dir, err := os.MkdirTemp("", "readiness-demo-")
	if err != nil {
		return "", err
	}
	var out, errb strings.Builder
	if code := Main(context.Background(), []string{"demo", "--out", dir, "--respondents", "2100", "--trusts", "7", "--seed", "3",
		"--quarters", "2", "--quiet"}, strings.NewReader(""), &out, &errb); code != 0 {
		return "", fmt.Errorf("demo exit %d: %s %s", code, out.String(), errb.String())
	}
	return dir, nil
})

func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium on this machine: .ci/run installs it (apt-get install chromium); the browser test must run in CI")
	}
	t.Skip("no Chromium on this machine; install it (apt-get install chromium) to run the browser test")
	return ""
}

// TestReportInBrowser opens the demo's report.html in headless Chromium: it loads without console
// errors, each heatmap has rows x columns cells, the filters and the drill-down redraw the main
// heatmaps, and a screenshot is written.
func TestReportInBrowser(t *testing.T) {
	exe := chromium(t)
	dir, err := demoOnce()
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.WindowSize(1300, 2300),
		chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	var mu sync.Mutex
	var consoleErrors []string
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				consoleErrors = append(consoleErrors, fmt.Sprint(e.Args))
			}
		case *runtime.EventExceptionThrown:
			consoleErrors = append(consoleErrors, e.ExceptionDetails.Text)
		}
	}); err != nil {
		t.Fatal(err)
	}
	str := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	choose := func(id, value string) {
		t.Helper()
		str(`(s => { s.value = "` + value + `"; s.dispatchEvent(new Event("change", {bubbles: true})); return s.value })(document.getElementById("` + id + `"))`)
	}
	// tick chooses (or unchooses) one value of a multi-select filter.
	tick := func(dim, value string) {
		t.Helper()
		str(`(b => { b.checked = !b.checked; b.dispatchEvent(new Event("change", {bubbles: true})); return b.value })(document.querySelector('#f-` + dim + ` input[value="` + value + `"]'))`)
	}
	url := "file://" + filepath.Join(dir, "report.html")
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible("#summary")); err != nil {
		t.Fatal(err)
	}
	tables, err := chromedp.Run(ctx, chromedp.Evaluate[[]map[string]int](`[...document.querySelectorAll("table.heatmap")].map(t => ({
			rows: [...t.tBodies].reduce((n, b) => n + b.rows.length, 0), cols: t.tHead.rows[0].cells.length - 1,
			cells: t.querySelectorAll("td.cell").length}))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 10 {
		t.Fatalf("%d heatmaps on the page", len(tables))
	}
	for i, tb := range tables {
		if tb["cells"] != tb["rows"]*tb["cols"] || tb["cells"] == 0 {
			t.Errorf("heatmap %d: %d cells for %d rows x %d columns", i, tb["cells"], tb["rows"], tb["cols"])
		}
	}

	profession := `[...document.querySelectorAll('.hm[data-base="profession"] td.cell')].map(td => td.textContent).join("|")`
	regionRows := `String(document.querySelectorAll('.hm[data-base="region"] tbody:not(.ref) tr').length)`
	england := `[...document.querySelectorAll('.hm[data-base="profession"] tbody.ref tr')].map(r => [...r.cells].map(c => c.textContent).join(" ")).join("|")`
	englandBefore := str(england)
	note := `document.querySelector('.view[data-view="profession"]').textContent`
	before, regions := str(profession), str(regionRows)
	tick("region", "E40000003")
	after, regionsAfter, noteText := str(profession), str(regionRows), str(note)
	if before == after || regions != "7" || regionsAfter != "1" || noteText != "2026Q3, London" {
		t.Errorf("the region filter should redraw the profession heatmap for London (changed: %v), keep one region row (%s -> %s), and say so (%q)",
			before != after, regions, regionsAfter, noteText)
	}
	// England stays the reference, whatever the filters: the same figures under London's rows.
	if got := str(england); !strings.HasPrefix(got, "England ") || got != englandBefore {
		t.Errorf("the England row should follow the filtered groups unchanged: %q, before the filter %q", got, englandBefore)
	}
	choose("f-quarter", "2026Q2")
	if afterQuarter, n := str(profession), str(note); afterQuarter == after || n != "2026Q2, London" {
		t.Errorf("the quarter filter should redraw the heatmap (changed: %v, note %q)", afterQuarter != after, n)
	}
	// Filters combine: London and nurses. The region heatmap shows London's row among nurses; the
	// archetype heatmap, which has figures by region or by profession but not both, says so.
	tick("profession", "nurse")
	if r, n := str(`[...document.querySelectorAll("#f-region input:checked")].map(b => b.value).join()`), str(`document.querySelector('.view[data-view="region"]').textContent`); r != "E40000003" || n != "2026Q2, London; Nurse" || str(regionRows) != "2" {
		t.Errorf("a profession with a region: regions chosen %q, the region heatmap says %q with %s rows (a group row and London)", r, n, str(regionRows))
	}
	if n := str(`document.querySelector('section[data-base="archetype"] .fnote').textContent`); !strings.Contains(n, "cannot apply the profession filter") {
		t.Errorf("the archetype heatmap should say it cannot apply the profession filter with a region chosen: %q", n)
	}
	if n := str(`document.querySelector('#region_domain_change .fnote').textContent`); !strings.Contains(n, "cannot apply the profession filter") ||
		str(`String([...document.querySelectorAll('#region_domain_change tbody:not(.ref) tr')].filter(r => !r.hidden).length)`) != "1" {
		t.Errorf("the change map should keep London's row and say it cannot apply the profession filter: %q", n)
	}
	// Two regions: the profession heatmap shows nurses in each, under a group row per region.
	tick("region", "E40000005")
	if got := str(`[...document.querySelectorAll('.hm[data-base="profession"] tbody tr')].map(r => r.cells[0].textContent).join("|")`); got != "London|Nurse|South East|Nurse|England" {
		t.Errorf("two regions and nurses, profession heatmap rows: %s", got)
	}
	if got := str(`location.hash`); got != "#quarter=2026Q2&region=E40000003,E40000005&profession=nurse" {
		t.Errorf("the address of the combined view: %q", got)
	}
	// A trust: its region's trust heatmap keeps its row, the other regions' trust heatmaps are hidden.
	str(`document.getElementById("f-clear").click(); "ok"`)
	trust := str(`document.querySelector("#f-trust input").value`)
	tick("trust", trust)
	if got := str(`[...document.querySelectorAll('section[data-rows="trust"]')].filter(s => !s.hidden).map(s =>
		[...s.querySelectorAll("tbody tr")].filter(r => !r.hidden).map(r => r.dataset.key).join()).join("|")`); !regexp.MustCompile(`^` + trust + `,E400000\d\d,E92000001$`).MatchString(got) {
		t.Errorf("trust %s chosen: the visible trust heatmaps show %q", trust, got)
	}
	str(`document.getElementById("f-clear").click(); "ok"`)

	// Sorting: the region heatmap by its first domain, lowest first, then highest first.
	col := `[...document.querySelectorAll('.hm[data-base="region"] tbody:not(.ref) tr')].map(r => r.cells[1]).filter(c => !c.classList.contains("sup")).map(c => parseFloat(c.textContent)).join()`
	str(`document.querySelector('.hm[data-base="region"] button.sort[data-col="1"]').click(); "ok"`)
	if !sortedFloats(str(col), 1) {
		t.Errorf("sorted ascending by domain 1: %s", str(col))
	}
	str(`document.querySelector('.hm[data-base="region"] button.sort[data-col="1"]').click(); "ok"`)
	if !sortedFloats(str(col), -1) {
		t.Errorf("sorted descending by domain 1: %s", str(col))
	}

	// Downloads drawn from the page: the SVG has a rectangle per cell and every row's label, and
	// the PNG is drawn from it.
	svg := str(`heatmapSVG(document.querySelector('[data-heatmap="profession_domain"]'), "Readiness by profession")`)
	rows, cells := str(`String(document.querySelectorAll('[data-heatmap="profession_domain"] tbody tr').length)`), str(`String(document.querySelectorAll('[data-heatmap="profession_domain"] td.cell').length)`)
	if n := strings.Count(svg, "<rect"); fmt.Sprint(n-1) != cells || !strings.Contains(svg, ">Nurse</text>") || !strings.Contains(svg, ">Readiness by profession</text>") {
		t.Errorf("SVG download: %d cell rectangles for %s cells (%s rows); %.300s", n-1, cells, rows, svg)
	}
	if got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`heatmapPNG(heatmapSVG(document.querySelector('[data-heatmap="profession_domain"]'), "x")).then(b => b.type + " " + (b.size > 5000))`,
		chromedp.EvalAwaitPromise)); err != nil || got != "image/png true" {
		t.Errorf("PNG download: %q, %v", got, err)
	}
	if got := str(`heatmapCSV(document.querySelector('[data-heatmap="profession_domain"]')).split("\n")[0]`); !strings.HasPrefix(got, `"Profession","1 Digital implementation"`) {
		t.Errorf("CSV download heading: %s", got)
	}
	// Trends: a sparkline per group and domain, naming every quarter's figure.
	if got := str(`[...document.querySelectorAll("table.trend")].map(t => t.dataset.trend + ":" +
		(t.querySelectorAll("svg.spark").length === t.tBodies[0].rows.length * (t.tHead.rows[0].cells.length - 1))).join()`); got != "profession:true,region:true,archetype:true,staff_group:true" {
		t.Errorf("trend tables (dimension: a sparkline per group and domain): %s", got)
	}
	if got := str(`document.querySelector('table.trend[data-trend="region"] svg.spark').getAttribute("aria-label")`); !strings.Contains(got, "2026Q2 ") || !strings.Contains(got, "2026Q3 ") {
		t.Errorf("a sparkline's name should give each quarter's figure: %q", got)
	}
	// The methodology is in the page.
	if got := str(`document.querySelector("#methodology h3").textContent`); got == "" {
		t.Errorf("no methodology section")
	}

	// Drill down from domain 6 to its sub-domains, and back.
	heads := `[...document.querySelectorAll('.hm[data-base="archetype"] thead th')].slice(1).map(th => th.textContent.replace(" ⇅", "")).join("|")`
	if err := chromedp.Do(ctx, chromedp.Click(`.hm[data-base="archetype"] button.drill[data-domain="6"]`)); err != nil {
		t.Fatal(err)
	}
	if got := str(heads); got != "6 Artificial intelligence (AI), general|6.1 Machine learning and natural language processing|6.2 Using and implementing AI systems|6.3 Evaluating AI systems|6.4 Robotics" {
		t.Errorf("drill-down columns: %s", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`.hm[data-base="archetype"] button.back`)); err != nil {
		t.Fatal(err)
	}
	if got := str(heads); !strings.HasPrefix(got, "1 Digital implementation|2 Digital health") {
		t.Errorf("back to domains: %s", got)
	}

	// A view in the address opens as it was left: bookmarked and shared.
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"#quarter=2026Q2&region=E40000003"), chromedp.WaitVisible("#summary")); err != nil {
		t.Fatal(err)
	}
	if got := str(note); got != "2026Q2, London" || str(regionRows) != "1" || str(`document.querySelector('#f-region input[value="E40000003"]').checked ? "on" : "off"`) != "on" {
		t.Errorf("a URL with filters should open the filtered view: %q, %s region rows", got, str(regionRows))
	}
	if got := str(`location.hash`); got != "#quarter=2026Q2&region=E40000003" {
		t.Errorf("the address after opening a view: %q", got)
	}

	// Accessible to WCAG 2.2 AA: axe-core finds no violation on the default view, after a filter
	// and after a drill-down.
	if axe := axeSource(t); axe != "" {
		if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible("#summary")); err != nil {
			t.Fatal(err)
		}
		check := func(when string) {
			t.Helper()
			str(axe + "; 'loaded'")
			res, err := chromedp.Run(ctx, chromedp.Evaluate[[]map[string]any](`axe.run(document, {runOnly: {type: "tag",
				values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}).then(r => r.violations.map(v =>
				({id: v.id, impact: v.impact, nodes: v.nodes.length, first: v.nodes[0].html.slice(0, 160), why: v.nodes[0].failureSummary.slice(0, 200)})))`,
				chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("axe: %v", err)
			}
			for _, v := range res {
				t.Errorf("axe-core, %s: %v", when, v)
			}
		}
		check("the default view")
		tick("region", "E40000005")
		tick("profession", "nurse")
		str(`document.getElementById("f-region").open = true; "ok"`)
		check("after a filter")
		if err := chromedp.Do(ctx, chromedp.Click(`.hm[data-base="profession"] button.drill[data-domain="6"]`)); err != nil {
			t.Fatal(err)
		}
		check("after a drill-down")

		// A trust's pack: its results beside the region and England, its position, its trend.
		trust := str(`document.querySelector("#f-trust input").value`)
		if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dir, "packs", trust+".html")), chromedp.WaitVisible("#domains")); err != nil {
			t.Fatal(err)
		}
		check("a trust's pack")
		if got := str(`[...document.querySelectorAll("#domains thead th")].map(th => th.textContent).slice(-2).join("|")`); !strings.HasSuffix(got, " (region)|England") {
			t.Errorf("the pack's domain table should put the region and England beside the trust: %q", got)
		}
		if got := str(`String(document.querySelectorAll("#domains tbody tr").length) + " " + String(document.querySelectorAll("#trend svg.spark").length) + " " +
			[...document.querySelectorAll("#position tbody tr")].map(r => r.cells[r.cells.length - 1].textContent).join()`); !regexp.MustCompile(`^6 18 (\d of \d,){5}\d of \d$`).MatchString(got) {
			t.Errorf("the pack should have 6 domains, 18 trend lines (trust, region, England) and a position in each domain: %q", got)
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Reload(), chromedp.WaitVisible("#domains")); err != nil {
			t.Fatal(err)
		}
		if sw, cw := str(`String(document.documentElement.scrollWidth)`), str(`String(document.documentElement.clientWidth)`); sw != cw {
			t.Errorf("the pack on a phone is %s px wide, the window %s", sw, cw)
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1300, 900)); err != nil {
			t.Fatal(err)
		}
	}

	// No page-level sideways scroll on a phone, a laptop and a desktop.
	for _, w := range []int64{390, 768, 1280, 1440} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, 900), chromedp.Navigate(url), chromedp.WaitVisible("#summary")); err != nil {
			t.Fatal(err)
		}
		if sw, cw := str(`String(document.documentElement.scrollWidth)`), str(`String(document.documentElement.clientWidth)`); sw != cw {
			t.Errorf("%d px wide: the page is %s px wide, the window %s: it scrolls sideways", w, sw, cw)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(url), chromedp.WaitVisible("#summary")); err != nil {
		t.Fatal(err)
	}
	if phone, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil && *updateScreenshot {
		os.WriteFile("../../docs/images/report-phone.png", phone, 0o644)
	}

	// Printed (A4 landscape): every heatmap's last column heading is in the PDF's text.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1300, 900), chromedp.Navigate(url), chromedp.WaitVisible("#summary")); err != nil {
		t.Fatal(err)
	}
	lastHeads, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("table.heatmap")].map(t =>
		t.tHead.rows[0].cells[t.tHead.rows[0].cells.length - 1].textContent.replace("▸", "").replace("⇅", "").trim())`))
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	res, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) (page.PrintToPDFResult, error) {
		return cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PrintBackground: &yes})
	})
	if err != nil {
		t.Fatal(err)
	}
	checkPDF(t, res.Data, lastHeads)

	// A screenshot of the top of the report, as a person sees it, with all filters cleared.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1300, 2300), chromedp.Navigate(url), chromedp.WaitVisible("#summary")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible("#summary")); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(t.TempDir(), "report.png")
	if dirOut := os.Getenv("READINESS_TEST_OUTPUT"); dirOut != "" {
		shot = filepath.Join(dirOut, "report.png")
	}
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", shot)
	if *updateScreenshot {
		if err := os.WriteFile("../../docs/images/report.png", png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if len(png) < 10000 {
		t.Errorf("screenshot is only %d bytes", len(png))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(consoleErrors) > 0 {
		t.Errorf("console errors: %v", consoleErrors)
	}
}

// axeSource is axe-core's script (installed by .ci/run with npm; READINESS_AXE names it), or ""
// where it is not installed outside CI.
func axeSource(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("READINESS_AXE"), "../../.ci/node_modules/axe-core/axe.min.js"} {
		if p == "" {
			continue
		}
		if data, err := os.ReadFile(p); err == nil {
			return string(data)
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("axe-core is not installed: .ci/run installs it with npm")
	}
	t.Log("axe-core is not installed (npm install --prefix .ci axe-core): the accessibility check is skipped")
	return ""
}

// checkPDF checks that every heading is in a PDF's text (pdftotext, from poppler-utils).
func checkPDF(t *testing.T, pdf []byte, headings []string) {
	t.Helper()
	exe, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no pdftotext: .ci/run installs poppler-utils")
		}
		t.Log("no pdftotext (apt-get install poppler-utils): the print check is skipped")
		return
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	os.WriteFile(path, pdf, 0o644)
	out, err := exec.Command(exe, "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	if *updateScreenshot { // a printed page with a heatmap, for the README
		if exe, err := exec.LookPath("pdftoppm"); err == nil {
			exec.Command(exe, "-png", "-r", "70", "-f", "4", "-l", "4", "-singlefile", path, "../../docs/images/report-print").Run()
		}
	}
	for _, h := range headings {
		if !strings.Contains(text, strings.Join(strings.Fields(h), " ")) {
			t.Errorf("the printed report lacks the last column heading %q", h)
		}
	}
	if len(headings) < 10 {
		t.Errorf("only %d heatmaps printed", len(headings))
	}
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if !demoRan {
		os.Exit(code)
	}
	if dir, err := demoOnce(); err == nil && strings.Contains(dir, "readiness-demo-") {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// sortedFloats reports whether a comma-separated list of numbers is in order (dir 1 ascending, -1
// descending) and has at least two numbers.
func sortedFloats(list string, dir float64) bool {
	parts := strings.Split(list, ",")
	if len(parts) < 2 {
		return false
	}
	prev := 0.0
	for i, p := range parts {
		var v float64
		if _, err := fmt.Sscan(p, &v); err != nil {
			return false
		}
		if i > 0 && (v-prev)*dir < 0 {
			return false
		}
		prev = v
	}
	return true
}
