-- A sweep with several objectives keeps every objective's value of a complete attempt, in the spec's order
-- (`objective` stays the first's); empty for other attempts and for sweeps of one objective.
ALTER TABLE trials ADD COLUMN IF NOT EXISTS objectives Array(Float64) DEFAULT [];
