package main

import (
	"reflect"
	"testing"
	"time"

	"parquiz/internal/server"
	"parquiz/quiz"
)

// TestServerLimitsMapsEveryField: every field of the contest file's limits
// reaches the server, under the same name, and no server limit is left
// without a contest-file key.
func TestServerLimitsMapsEveryField(t *testing.T) {
	var in quiz.Limits
	iv := reflect.ValueOf(&in).Elem()
	for i := 0; i < iv.NumField(); i++ {
		switch f := iv.Field(i); f.Kind() {
		case reflect.Int:
			f.SetInt(int64(i + 1))
		case reflect.Int64: // time.Duration
			f.SetInt(int64(time.Duration(i+1) * time.Second))
		}
	}
	out := reflect.ValueOf(serverLimits(in))
	if got, want := out.NumField(), iv.NumField(); got != want {
		t.Fatalf("server.Limits has %d fields, quiz.Limits %d", got, want)
	}
	for i := 0; i < iv.NumField(); i++ {
		name := iv.Type().Field(i).Name
		of := out.FieldByName(name)
		if !of.IsValid() {
			t.Errorf("server.Limits has no %s", name)
			continue
		}
		if of.Int() != iv.Field(i).Int() {
			t.Errorf("%s: server gets %v, want %v", name, of.Int(), iv.Field(i).Int())
		}
	}
	if serverLimits(quiz.Limits{}) != (server.Limits{}) {
		t.Error("an empty limits: section does not leave the server's defaults")
	}
}
