-- Mid-year budget cuts (schema version 10): only the funds whose full-year budget is below
-- their year-start budget, with every column the briefing's count, sum and largest cut read,
-- so a province's year is answered from about 5,600 index entries instead of 41,000 rows
-- (60 ms → 5 ms on the province sample).

CREATE INDEX evaluations_budget_cuts
    ON evaluations(year, is_sample, region_id, program_id, year_start_budget, full_year_budget)
    WHERE full_year_budget < year_start_budget;
