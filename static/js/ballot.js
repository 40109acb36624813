// Live running total on the ballot page. Without JavaScript the "Check my total" button
// does the same on the server.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.ballot");
  const total = document.getElementById("ballot-total");
  if (!form || !total) return;
  const type = form.dataset.type;
  if (type !== "knapsack" && type !== "approval" && type !== "single") return;
  const budget = Number(form.dataset.budget);
  const lang = document.documentElement.lang || "en";
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const strong = total.querySelectorAll("strong");
  form.addEventListener("change", () => {
    const checked = form.querySelectorAll("input[name=item]:checked");
    let cost = 0;
    checked.forEach((input) => { cost += Number(input.dataset.cost); });
    if (strong[0]) strong[0].textContent = number.format(checked.length);
    if (strong[1]) strong[1].textContent = strong[1].textContent.replace(/^[^ ]+/, number.format(cost));
    if (strong[2]) strong[2].textContent = strong[2].textContent.replace(/^[^ ]+/, number.format(budget - cost));
  });
});
