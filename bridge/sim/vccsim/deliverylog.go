//go:build !js

package vccsim

import "time"

// maxDeliveryRecords bounds the log behind GET /sim/webhooks/deliveries.
const maxDeliveryRecords = 1000

// Delivery statuses of a deliveryRecord.
const (
	deliveryPending   = "pending"   // queued, not yet attempted
	deliveryDelivered = "delivered" // the receiver answered 200-205
	deliveryRetrying  = "retrying"  // an attempt failed; another is scheduled
	deliveryFailed    = "failed"    // retried for RetryFor without success
	deliveryDropped   = "dropped"   // pushed out of a full queue
	deliveryDiscarded = "discarded" // the subscription was disabled or deleted
)

// deliveryRecord is what GET /sim/webhooks/deliveries reports for one
// event sent to one subscription.
type deliveryRecord struct {
	EventID        string    `json:"eventId"`
	Type           string    `json:"type"`
	SubscriptionID string    `json:"subscriptionId"`
	Duplicate      bool      `json:"duplicate,omitempty"`
	Status         string    `json:"status"` // one of the delivery… constants
	Attempts       int       `json:"attempts"`
	LastStatus     int       `json:"lastStatus,omitempty"`
	LastError      string    `json:"lastError,omitempty"`
	Queued         time.Time `json:"queued"`
	LastAttempt    time.Time `json:"lastAttempt,omitzero"`
}

func (e *webhookEngine) addRecord(r *deliveryRecord) {
	e.records = append(e.records, r)
	if len(e.records) > maxDeliveryRecords {
		e.records = e.records[len(e.records)-maxDeliveryRecords:]
	}
}

// deliveries copies the recent delivery records, oldest first.
func (e *webhookEngine) deliveries() []deliveryRecord {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]deliveryRecord, len(e.records))
	for i, r := range e.records {
		out[i] = *r
	}
	return out
}
