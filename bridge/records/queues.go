package records

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vccnow/connector/bridge/servicenow"
)

// ErrNoQueue means no awa_queue has the VCC queue's external id.
var ErrNoQueue = errors.New("records: no AWA queue for the VCC queue")

// queueSysID finds the awa_queue whose external_id ("Provider queue ID",
// conversational-interfaces/advanced-work-assignment/awa-external-routing-overview.md)
// is the VCC queue, cached for a day. It returns ErrNoQueue, the client's
// *Error, or the query's *FormatError for an external id unsafe in a query.
func (s *Syncer) queueSysID(ctx context.Context, external string) (string, error) {
	return s.cached(ctx, "awa_queue:"+external, func() (string, error) {
		rs, err := s.SN.List(ctx, "awa_queue", servicenow.Where("external_id", "=", external), []string{"sys_id"}, 1)
		if err != nil {
			return "", err
		}
		if len(rs) == 0 {
			return "", fmt.Errorf("%w %q: set an awa_queue's external_id (Provider queue ID) to it", ErrNoQueue, external)
		}
		return rs[0]["sys_id"], nil
	})
}

// phoneChannel finds AWA's Phone service channel, cached for a day ("" when
// the instance has none). It returns the client's *Error.
func (s *Syncer) phoneChannel(ctx context.Context) (string, error) {
	return s.cached(ctx, "awa_service_channel:phone", func() (string, error) {
		rs, err := s.SN.List(ctx, "awa_service_channel", servicenow.Where("name", "=", "Phone"), []string{"sys_id"}, 1)
		if err != nil || len(rs) == 0 {
			return "", err
		}
		return rs[0]["sys_id"], nil
	})
}

// RejectReason is the reason the bridge gives AWA when the agent rejects an
// offer in the panel, which asks for none (AWA's Inbox Actions API requires
// one): the Phone channel's reject reason named name (by its value or
// display value, in any case), or else the channel's first by order; cached
// for a day. "" when the channel has none.
func (s *Syncer) RejectReason(ctx context.Context, name string) (string, error) {
	return s.cached(ctx, "awa_reject_reason:phone:"+strings.ToLower(name), func() (string, error) {
		ch, err := s.phoneChannel(ctx)
		if err != nil || ch == "" {
			return "", err
		}
		reasons, err := s.SN.RejectReasons(ctx, ch)
		if err != nil || len(reasons) == 0 {
			return "", err
		}
		first := reasons[0]
		for _, r := range reasons {
			if name != "" && (strings.EqualFold(r.Value, name) || strings.EqualFold(r.DisplayValue, name)) {
				return r.SysID, nil
			}
			if r.Order < first.Order {
				first = r
			}
		}
		return first.SysID, nil
	})
}

func (s *Syncer) cached(ctx context.Context, key string, load func() (string, error)) (string, error) {
	if s.Cache != nil {
		if v, ok, err := s.Cache.Get(ctx, key); err == nil && ok {
			return v, nil
		}
	}
	v, err := load()
	if err != nil {
		return "", err
	}
	if s.Cache != nil && v != "" {
		_ = s.Cache.Put(ctx, key, v, s.now().Add(24*time.Hour))
	}
	return v, nil
}
