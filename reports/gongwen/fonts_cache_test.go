package gongwen

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The list of installed faces is kept between runs and made again once a
// font directory changes.
func TestFaceCache(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	fonts := t.TempDir()
	sub := filepath.Join(fonts, "truetype")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	dirs := []string{fonts, filepath.Join(t.TempDir(), "absent")}
	stamp := dirStamp(dirs)
	if _, ok := cachedFaces(stamp); ok {
		t.Fatal("a list before any was kept")
	}
	// what is kept is what systemFaces gives, without asking fc-list
	kept := []faceInfo{{path: "/kept/仿宋.ttf", index: 0, families: []string{"FangSong", "仿宋"}}, {path: "/kept/b.ttc", index: 2, families: []string{"B"}}}
	if err := cacheFaces(stamp, kept); err != nil {
		t.Fatal(err)
	}
	if got := systemFaces(dirs); !reflect.DeepEqual(got, kept) {
		t.Errorf("systemFaces %v, want the kept %v", got, kept)
	}
	// a font added to a directory below makes the list again
	if err := os.WriteFile(filepath.Join(sub, "new.ttf"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if again := dirStamp(dirs); again == stamp {
		t.Error("the stamp did not change with a font added")
	} else if _, ok := cachedFaces(again); ok {
		t.Error("the kept list was used after a font was added")
	}
}
