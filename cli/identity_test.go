package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/reports"
)

// The demo county's complainants are nowhere in plain text: not in the
// ledger file nor its WAL while it is open, not in a backup, not in any
// export made without -with-identity (JSON or Excel), not in any slip
// printed without the identity. Several complainants with the slips of
// their complaints are looked for by name, phone and ID number, and one
// registered while the ledger is open.
func TestNoIdentityInPlainText(t *testing.T) {
	t.Parallel() // waits for the shared demo county (demotest)
	ctx := context.Background()
	cfg := config(t)
	path := demoCopy(t)
	db := openLedger(t, path)
	defer closeLedger(t, db)

	secrets, slips := demoComplainants(t, db)
	// One more, while the ledger is open: its WAL holds the newest pages.
	units, err := db.Units(ctx, data.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	fresh := data.Complainant{Name: "司马相如", Phone: "15011112222", IDNumber: "510104197001011111", Address: "城关镇文庙街9号"}
	c := &data.Complaint{ReceivedAt: time.Now(), Channel: data.ChannelVisit, UnitID: units[0].ID, Category: "事难办",
		Subject: "办证多次往返", Content: "办证三次未办成。", Complainant: fresh}
	if _, err := db.RegisterComplaint(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RevealComplainant(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, fresh.Name, fresh.Phone, fresh.IDNumber, fresh.Address)

	files := map[string][]byte{}
	read := func(name, p string) {
		t.Helper()
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	read("台账文件", path)
	read("台账的 WAL", path+"-wal")
	if len(files["台账的 WAL"]) == 0 {
		t.Fatal("the test cannot fail: the open ledger's WAL is empty")
	}

	dir := t.TempDir()
	backup := filepath.Join(dir, "备份.db")
	wantOK(t, xiaoneng(t, cfg, "-db", path, "backup", backup))
	read("备份", backup)
	for _, kind := range reports.ExportKinds {
		for _, ext := range []string{".json", ".xlsx"} {
			out := filepath.Join(dir, kind+ext)
			wantOK(t, xiaoneng(t, cfg, "-db", path, "export", kind, out))
			if ext == ".json" {
				read("导出 "+kind+ext, out)
			} else {
				files["导出 "+kind+ext] = unzipped(t, out)
			}
		}
	}
	for i, d := range slips {
		out := filepath.Join(dir, d.ID+".pdf")
		wantOK(t, xiaoneng(t, cfg, "-db", path, "print", "-id", d.ID, "-o", out))
		text, _ := pdfText(t, out)
		files[string(d.Kind)+" "+d.Number] = []byte(text)
		if i == 0 && !strings.Contains(text, string(d.Kind)) {
			t.Fatalf("the test cannot fail: the slip's text does not read back (%q)", text)
		}
	}

	for name, b := range files {
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds %q", name, s)
			}
		}
	}
	t.Logf("%d values of %d complainants looked for in %d files and %d slips", len(secrets), len(slips)+1, len(files)-len(slips), len(slips))

	// The same values are there for who may see them: the check finds
	// what it looks for.
	out := filepath.Join(dir, "含身份.json")
	wantOK(t, xiaoneng(t, cfg, "-db", path, "export", "complaints", out, "-with-identity"))
	withIdentity, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if !bytes.Contains(withIdentity, []byte(s)) {
			t.Errorf("the export with identities lacks %q", s)
		}
	}
}

// demoComplainants are the name, phone, ID number and address of several
// complainants of the demo county whose complaints have slips printed without
// the identity, and those slips. Names that are also names of the
// county's people, of units' contacts or of people complained about are
// left out: they are in the ledger as such.
func demoComplainants(t *testing.T, db *store.DB) ([]string, []*data.Document) {
	t.Helper()
	ctx := context.Background()
	registry := map[string]bool{}
	people, err := db.People(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		registry[p.Name] = true
	}
	units, err := db.Units(ctx, data.UnitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		registry[u.Principal], registry[u.Contact], registry[u.Phone] = true, true, true
	}
	docs, err := db.Documents(ctx, data.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// What the ledger says of its complaints and documents besides the
	// identities (shown masked): a complainant named there, as the person
	// complained about or in a text, is left out too.
	complaints, err := db.Complaints(ctx, data.ComplaintFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var public strings.Builder
	for _, c := range complaints {
		fmt.Fprintf(&public, "%+v\n", *c)
	}
	for _, d := range docs {
		fmt.Fprintf(&public, "%+v\n", *d)
	}
	var secrets []string
	var slips []*data.Document
	seen := map[string]bool{}
	phones, ids := 0, 0
	for _, d := range docs {
		slip := d.Kind == data.DocAssignment || d.Kind == data.DocReminder || d.Kind == data.DocTransfer
		if !slip || d.ComplaintID == "" || d.WithIdentity || d.Status == data.DocVoid || seen[d.ComplaintID] {
			continue
		}
		p, err := db.RevealComplainant(ctx, d.ComplaintID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Anonymous || len([]rune(p.Name)) < 2 || registry[p.Name] || registry[p.Phone] || strings.Contains(public.String(), p.Name) {
			continue
		}
		seen[d.ComplaintID] = true
		slips = append(slips, d)
		for _, v := range []string{p.Name, p.Phone, p.IDNumber, p.Address} {
			if v != "" && !slices.Contains(secrets, v) {
				secrets = append(secrets, v)
			}
		}
		if p.Phone != "" {
			phones++
		}
		if p.IDNumber != "" {
			ids++
		}
		if len(slips) >= 6 && phones >= 3 && ids >= 2 {
			break
		}
	}
	if len(slips) < 3 || phones < 3 || ids < 1 {
		t.Fatalf("the demo county gives %d slips, %d phones, %d ID numbers to look for", len(slips), phones, ids)
	}
	return secrets, slips
}

// unzipped is every file of a workbook, uncompressed, one after another.
func unzipped(t *testing.T, path string) []byte {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var all bytes.Buffer
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.Copy(&all, r)
		if err = errors.Join(err, r.Close()); err != nil {
			t.Fatal(err)
		}
	}
	return all.Bytes()
}
