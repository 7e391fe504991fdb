#!/usr/bin/env node
// Parses and analyzes KQL queries against the Application Insights table schema (traces, customMetrics,
// requests, exceptions) and the workspace's _LogOperation with the Kusto language service, offline.
// Input (stdin): JSON array of { "name": string, "query": string }.
// Output (stdout): JSON array of { "name": string, "errors": string[] }. Exit code 0 either way; 2 on bad input.
'use strict';

global.Bridge = require('@kusto/language-service-next/bridge.js');
require('@kusto/language-service-next/Kusto.Language.Bridge.js');

const K = global.Kusto.Language;
const S = K.Symbols;

const common = 'operation_Name:string, operation_Id:string, operation_ParentId:string, cloud_RoleName:string, ' +
  'cloud_RoleInstance:string, appName:string, itemType:string, itemId:string, itemCount:int, sdkVersion:string';
const tables = [
  S.TableSymbol.From(`(timestamp:datetime, message:string, severityLevel:int, customDimensions:dynamic, customMeasurements:dynamic, ${common})`).WithName('traces'),
  S.TableSymbol.From(`(timestamp:datetime, name:string, value:real, valueCount:int, valueSum:real, valueMin:real, valueMax:real, valueStdDev:real, customDimensions:dynamic, ${common})`).WithName('customMetrics'),
  S.TableSymbol.From(`(timestamp:datetime, id:string, name:string, success:bool, resultCode:string, duration:real, url:string, customDimensions:dynamic, customMeasurements:dynamic, ${common})`).WithName('requests'),
  S.TableSymbol.From('(TimeGenerated:datetime, Category:string, Operation:string, Level:string, Detail:string, _ResourceId:string)').WithName('_LogOperation'),
  S.TableSymbol.From(`(timestamp:datetime, problemId:string, type:string, message:string, outerMessage:string, severityLevel:int, customDimensions:dynamic, ${common})`).WithName('exceptions'),
];
const database = new S.DatabaseSymbol.$ctor2('applicationinsights', null, tables);
const globals = K.GlobalState.Default.WithCluster(new S.ClusterSymbol.$ctor1('appinsights', [database])).WithDatabase(database);

function errorsOf(query) {
  const diagnostics = K.KustoCode.ParseAndAnalyze(query, globals).GetDiagnostics();
  const errors = [];
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    if (d.Severity === 'Error') {
      errors.push(`at ${d.Start}: ${d.Message}`);
    }
  }
  return errors;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  let queries;
  try {
    queries = JSON.parse(input);
  } catch (e) {
    process.stderr.write(`Input is not JSON: ${e.message}\n`);
    process.exit(2);
  }
  const results = queries.map(q => ({ name: q.name, errors: errorsOf(q.query) }));
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
});
