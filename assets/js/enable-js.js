// Marks the page as able to run GOV.UK Frontend's JavaScript (as the GOV.UK template does).
document.body.className += " js-enabled govuk-frontend-supported";
