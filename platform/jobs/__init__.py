"""The job desk (Sportello Lavoro): employers, their staffing needs, vacancies,
candidates, matching and the public boards. Tenant schema."""
