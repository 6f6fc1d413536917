package config

import (
	"bytes"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/spf13/viper"
)

// knownKeys lists every key the configuration has, dotted ("suppression.threshold"), from the
// Config struct's tags; inputKeys the keys of one inputs entry.
var knownKeys, inputKeys = structKeys(reflect.TypeOf(Config{}), ""), structKeys(reflect.TypeOf(Input{}), "")

func structKeys(t reflect.Type, prefix string) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("mapstructure")
		if tag == "" || tag == "-" {
			continue
		}
		key := prefix + tag
		out = append(out, key)
		if f.Type.Kind() == reflect.Struct {
			out = append(out, structKeys(f.Type, key+".")...)
		}
	}
	return out
}

// checkKeys reports every key of a user's YAML file that the configuration does not have, with
// the closest known key: a misspelt key is an error, never silently ignored.
func checkKeys(data []byte) error {
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return err
	}
	var probs []string
	for _, k := range v.AllKeys() {
		if p := unknownKey(k); p != "" {
			probs = append(probs, p)
		}
	}
	if raw, ok := v.Get("inputs").([]any); ok {
		for i, in := range raw {
			m, ok := in.(map[string]any)
			if !ok {
				probs = append(probs, fmt.Sprintf("inputs[%d] is not a list of key: value", i))
				continue
			}
			for k := range m {
				if !contains(inputKeys, strings.ToLower(k)) {
					probs = append(probs, fmt.Sprintf("unknown key 'inputs[%d].%s'%s", i, k, closest(strings.ToLower(k), inputKeys)))
				}
			}
		}
	}
	sort.Strings(probs)
	if len(probs) > 0 {
		return fmt.Errorf("%s", strings.Join(probs, "; "))
	}
	return nil
}

// unknownKey describes a dotted key the configuration does not have ("" when it has it): the
// first segment that is not known, and the closest known key at that level.
func unknownKey(key string) string {
	segs := strings.Split(key, ".")
	for i := range segs {
		prefix := strings.Join(segs[:i+1], ".")
		if contains(knownKeys, prefix) {
			if isLeaf(prefix) {
				return "" // a map or list value below a leaf, such as vocabularies lists
			}
			continue
		}
		var level []string
		parent := strings.Join(segs[:i], ".")
		for _, k := range knownKeys {
			if strings.Count(k, ".") == i && (i == 0 || strings.HasPrefix(k, parent+".")) {
				level = append(level, k)
			}
		}
		return fmt.Sprintf("unknown key '%s'%s", prefix, closest(prefix, level))
	}
	return ""
}

// isLeaf reports whether a known key has no keys below it.
func isLeaf(key string) bool {
	for _, k := range knownKeys {
		if strings.HasPrefix(k, key+".") {
			return false
		}
	}
	return true
}

// closest suggests the known key nearest to key, when one is near enough to be a misspelling.
func closest(key string, known []string) string {
	best, dist := "", 1<<30
	for _, k := range known {
		if d := levenshtein.ComputeDistance(key, k); d < dist {
			best, dist = k, d
		}
	}
	if best == "" || dist > max(2, len(key)/3) {
		return fmt.Sprintf(" (keys here: %s)", strings.Join(known, ", "))
	}
	return fmt.Sprintf("; did you mean '%s'?", best)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
